using FaceMetric.Detection;

namespace FaceMetric.People;

/// <summary>One face in memory: its ids, box and current person. Row = its row in the search index.</summary>
internal sealed class FaceRecord
{
    public FaceRecord(long id, int row, PhotoRecord photo, DetectedFace box)
    {
        Id = id;
        Row = row;
        Photo = photo;
        Box = box;
    }

    /// <summary>The face's database id.</summary>
    public long Id { get; }

    /// <summary>Its row in the index (and in <see cref="LibraryState.Faces"/>).</summary>
    public int Row { get; }

    /// <summary>The photo it belongs to.</summary>
    public PhotoRecord Photo { get; }

    /// <summary>Its box in the photo.</summary>
    public DetectedFace Box { get; }

    /// <summary>Its person, or null (unassigned).</summary>
    public long? PersonId { get; set; }

    /// <summary>A correction placed it: re-clusters keep it with its person.</summary>
    public bool Pinned { get; set; }

    /// <summary>People it was marked "not" (cannot-links), or null when none.</summary>
    public HashSet<long>? NotPeople { get; set; }

    /// <summary>True when the face is marked as not <paramref name="personId"/>.</summary>
    public bool IsNot(long personId) => NotPeople is not null && NotPeople.Contains(personId);
}
