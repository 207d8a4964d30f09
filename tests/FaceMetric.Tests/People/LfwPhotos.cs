using FaceMetric.Detection;
using FaceMetric.People;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.People;

/// <summary>Photos made of real faces: dlib's LFW View 1 descriptors (one face per image, or several images as one "group photo").</summary>
internal static class LfwPhotos
{
    private static readonly Lazy<List<ReferenceData.LfwRow>> Rows = new(ReferenceData.ReadLfwView1);

    public static List<ReferenceData.LfwRow> All => Rows.Value;

    /// <summary>LFW rows of people with at least <paramref name="minImages"/> images.</summary>
    public static List<ReferenceData.LfwRow> PeopleWithAtLeast(int minImages)
    {
        var counts = All.GroupBy(r => r.Person).ToDictionary(g => g.Key, g => g.Count());
        return All.Where(r => counts[r.Person] >= minImages).ToList();
    }

    /// <summary>One face per photo; the box is a made-up distinct box per face.</summary>
    public static IReadOnlyList<PhotoFace> Faces(params ReferenceData.LfwRow[] rows) =>
        rows.Select((r, i) => new PhotoFace(new DetectedFace(i * 100, 0, 90, 90, 1), r.Descriptor)).ToList();

    /// <summary>Adds the rows as one photo keyed by their image names.</summary>
    public static PhotoAddResult Add(PeopleLibrary library, params ReferenceData.LfwRow[] rows)
    {
        string name = string.Join('+', rows.Select(r => r.Image));
        return library.AddPhoto(name + ".jpg", "lfw:" + name, Faces(rows));
    }

    public static void Shuffle<T>(IList<T> items, int seed)
    {
        var random = new Random(seed);
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>No person holds two faces of one photo.</summary>
    public static void AssertOneFacePerPhotoPerPerson(PeopleLibrary library)
    {
        foreach (LibraryPerson person in library.GetPeople())
        {
            Assert.True(person.Faces.Select(f => f.PhotoId).Distinct().Count() == person.Faces.Count, $"person {person.Id} holds two faces of one photo");
        }
    }
}
