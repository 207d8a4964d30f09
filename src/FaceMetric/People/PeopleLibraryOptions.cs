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
    /// The core rule: a face is placed in a person only when at least this many other faces (of other photos) lie
    /// within <see cref="Threshold"/> of it. 1 or more; default 2, so a new person needs three mutually close faces.
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
