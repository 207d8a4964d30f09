
namespace FaceMetric.People;

/// <content>Queries: people, photos, who is in a photo, co-occurrence. Every result is a snapshot.</content>
public sealed partial class PeopleLibrary
{
    /// <summary>The number of faces.</summary>
    public int FaceCount => Read(s => s.Faces.Count);

    /// <summary>The number of photos (including those without faces).</summary>
    public int PhotoCount => Read(s => s.Photos.Count);

    /// <summary>The number of people.</summary>
    public int PersonCount => Read(s => s.People.Count);

    /// <summary>Every person with their faces, ascending by id.</summary>
    /// <returns>The people.</returns>
    public IReadOnlyList<LibraryPerson> GetPeople() =>
        Read(s => s.People.Values.OrderBy(p => p.Id).Select(p => Snapshot(s, p)).ToList());

    /// <summary>One person with their faces.</summary>
    /// <param name="personId">The person.</param>
    /// <returns>The person.</returns>
    /// <exception cref="ArgumentException">No person has this id.</exception>
    public LibraryPerson GetPerson(long personId) => Read(s => Snapshot(s, RequirePerson(s, personId)));

    /// <summary>Every face not (yet) in a person, ascending by id.</summary>
    /// <returns>The unassigned faces.</returns>
    public IReadOnlyList<LibraryFace> GetUnassignedFaces() =>
        Read(s => s.Faces.Where(f => f.PersonId is null).Select(Snapshot).ToList());

    /// <summary>Every photo, ascending by id.</summary>
    /// <returns>The photos with their faces.</returns>
    public IReadOnlyList<LibraryPhoto> GetPhotos() =>
        Read(s => s.Photos.Values.OrderBy(p => p.Id).Select(Snapshot).ToList());

    /// <summary>The photo with this content hash, or null.</summary>
    /// <param name="hash">The photo's content hash.</param>
    /// <returns>The photo, its faces and their people (who is in it), or null.</returns>
    public LibraryPhoto? FindPhoto(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return Read(s => s.PhotoOfHash.TryGetValue(hash, out long id) ? Snapshot(s.Photos[id]) : null);
    }

    /// <summary>Who is in a photo: the people of its faces, ascending by id (unassigned faces are not people).</summary>
    /// <param name="photoId">The photo.</param>
    /// <returns>The people in it.</returns>
    /// <exception cref="ArgumentException">No photo has this id.</exception>
    public IReadOnlyList<LibraryPerson> GetPeopleIn(long photoId) => Read(s =>
    {
        PhotoRecord photo = s.Photos.TryGetValue(photoId, out PhotoRecord? p) ? p : throw new ArgumentException($"No photo {photoId} in the library.", nameof(photoId));
        return photo.Faces.Where(f => f.PersonId is not null).Select(f => f.PersonId!.Value).Distinct().Order()
            .Select(id => Snapshot(s, s.People[id])).ToList();
    });

    /// <summary>Every photo showing a person, ascending by id.</summary>
    /// <param name="personId">The person.</param>
    /// <returns>Their photos (with all faces of each).</returns>
    /// <exception cref="ArgumentException">No person has this id.</exception>
    public IReadOnlyList<LibraryPhoto> GetPhotosOf(long personId) => Read(s =>
        PhotosOf(s, RequirePerson(s, personId)).Select(Snapshot).ToList());

    /// <summary>The people who appear in photos with a person, most shared photos first (then by id).</summary>
    /// <param name="personId">The person.</param>
    /// <returns>The co-occurring people and how many photos each shares.</returns>
    /// <exception cref="ArgumentException">No person has this id.</exception>
    public IReadOnlyList<CoOccurrence> GetCoOccurring(long personId) => Read(s =>
    {
        var counts = new Dictionary<long, int>();
        foreach (PhotoRecord photo in PhotosOf(s, RequirePerson(s, personId)))
        {
            foreach (long other in photo.Faces.Where(f => f.PersonId is long p && p != personId).Select(f => f.PersonId!.Value).Distinct())
            {
                counts[other] = counts.GetValueOrDefault(other) + 1;
            }
        }

        return counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => new CoOccurrence(kv.Key, kv.Value)).ToList();
    });

    private static IEnumerable<PhotoRecord> PhotosOf(LibraryState s, PersonRecord person) =>
        person.FaceRows.Select(r => s.Faces[r].Photo).Distinct().OrderBy(p => p.Id);

    private static PersonRecord RequirePerson(LibraryState s, long personId) =>
        s.People.TryGetValue(personId, out PersonRecord? p) ? p : throw new ArgumentException($"No person {personId} in the library.", nameof(personId));

    private static FaceRecord RequireFace(LibraryState s, long faceId) =>
        s.Face(faceId) ?? throw new ArgumentException($"No face {faceId} in the library.", nameof(faceId));

    private static LibraryFace Snapshot(FaceRecord f) => new(f.Id, f.Photo.Id, f.Photo.SourcePath, f.Box, f.PersonId, f.Pinned);

    private static LibraryPhoto Snapshot(PhotoRecord p) => new(p.Id, p.SourcePath, p.Hash, p.Faces.Select(Snapshot).ToList());

    private static LibraryPerson Snapshot(LibraryState s, PersonRecord p) => new(p.Id, p.Name, p.FaceRows.Select(r => Snapshot(s.Faces[r])).ToList());

    private T Read<T>(Func<LibraryState, T> query)
    {
        lock (_sync)
        {
            ThrowIfDisposed();
            return query(_state);
        }
    }
}
