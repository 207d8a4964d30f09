namespace FaceMetric.People;

/// <summary>One photo in memory: ids, source and its faces.</summary>
internal sealed class PhotoRecord(long id, string sourcePath, string hash)
{
    /// <summary>The photo's database id.</summary>
    public long Id { get; } = id;

    /// <summary>The path it was added from.</summary>
    public string SourcePath { get; } = sourcePath;

    /// <summary>SHA-256 of its bytes, lower-case hex.</summary>
    public string Hash { get; } = hash;

    /// <summary>Its faces, ascending by id.</summary>
    public List<FaceRecord> Faces { get; } = [];

    /// <summary>True when another face of this photo (not <paramref name="except"/>) belongs to <paramref name="personId"/>.</summary>
    public bool HasPerson(long personId, FaceRecord? except = null)
    {
        foreach (FaceRecord face in Faces)
        {
            if (face != except && face.PersonId == personId)
            {
                return true;
            }
        }

        return false;
    }
}
