
namespace FaceMetric.People;

/// <summary>
/// The in-memory copy of a library: every face (by index row), photo and person, and the search index over the
/// descriptors. Loaded at open; kept equal to the database by <see cref="LibraryWriter"/>, which changes both.
/// </summary>
internal sealed class LibraryState
{
    public LibraryState(IFaceIndex index) => Index = index;

    /// <summary>The descriptors, row = face row.</summary>
    public IFaceIndex Index { get; }

    /// <summary>Every face by row.</summary>
    public List<FaceRecord> Faces { get; } = [];

    /// <summary>Face row by face id.</summary>
    public Dictionary<long, int> RowOfFace { get; } = [];

    /// <summary>Photos by id.</summary>
    public Dictionary<long, PhotoRecord> Photos { get; } = [];

    /// <summary>Photo ids by content hash.</summary>
    public Dictionary<string, long> PhotoOfHash { get; } = new(StringComparer.Ordinal);

    /// <summary>People by id.</summary>
    public Dictionary<long, PersonRecord> People { get; } = [];

    /// <summary>The face with this id, or null.</summary>
    public FaceRecord? Face(long faceId) => RowOfFace.TryGetValue(faceId, out int row) ? Faces[row] : null;

    /// <summary>Puts a face in a person (or none), keeping both sides' membership in step.</summary>
    public void SetPerson(FaceRecord face, long? personId)
    {
        if (face.PersonId == personId)
        {
            return;
        }

        if (face.PersonId is long old && People.TryGetValue(old, out PersonRecord? previous))
        {
            previous.FaceRows.Remove(face.Row);
        }

        face.PersonId = personId;
        if (personId is long id)
        {
            People[id].FaceRows.Add(face.Row);
        }
    }
}
