using FaceMetric.Clustering;
using FaceMetric.Matching;

namespace FaceMetric.People;

/// <summary>
/// How a <see cref="PeopleLibrary"/> groups faces. Immutable; the same options should be used every time a library
/// is opened (they are not stored in the file).
/// </summary>
public sealed record PeopleLibraryOptions
{
    /// <summary>Two faces closer than this (Euclidean distance between descriptors) are neighbours. Finite, above 0; default 0.6 (dlib).</summary>
    public float Threshold { get; init; } = FaceMatcher.DefaultThreshold;

    /// <summary>
    /// The core rule: a face joins a person when at least this many of that person's faces (of other photos) lie
    /// within <see cref="Threshold"/> of it, and forms a new person with this many unassigned ones. 1 or more;
    /// default 2. Two exceptions keep small people: a face whose only neighbours are one person's, the nearest under
    /// 0.55, joins them; two faces that are each other's only neighbour form a person of two. On LFW View 1 (868
    /// faces of 180 people) 2 gave pairwise F1 0.360, 1 gave 0.157 (chains of look-alikes), 3 gave 0.352.
    /// </summary>
    public int MinFaces { get; init; } = 2;

    /// <summary>How many nearest neighbours one new face consults (its vote and the faces it can pull in). 1 to 10,000; default 64.</summary>
    public int MaxNeighbors { get; init; } = 64;

    /// <summary>Chinese Whispers iterations of a full re-cluster and of a split proposal. 1 or more; default 100 (dlib).</summary>
    public int Iterations { get; init; } = ChineseWhispers.DefaultIterations;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    internal void Validate()
    {
        FaceMatcher.ValidateThreshold(Threshold, nameof(Threshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinFaces, 1, nameof(MinFaces));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNeighbors, 1, nameof(MaxNeighbors));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxNeighbors, 10_000, nameof(MaxNeighbors));
        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1, nameof(Iterations));
    }
}
