using FaceMetric.People;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.People;

/// <summary>The library's rules on real faces (dlib's LFW View 1 descriptors).</summary>
public sealed class PeopleLibraryTests
{
    [Fact]
    public void AFaceWaitsUnassignedUntilEnoughSimilarFacesArriveThenTheyFormAPersonTogether()
    {
        // Three images of one person, every pair closer than 0.6 but not all under 0.55 (so only the core rule can place them).
        var (a, b, c) = FindTriple();
        using var temp = new TempFolder();
        using var library = PeopleLibrary.Open(temp.File("p.db"));
        Assert.Null(LfwPhotos.Add(library, a).Photo.Faces[0].PersonId);
        Assert.Empty(library.GetPeople());
        LfwPhotos.Add(library, b);
        PhotoAddResult third = LfwPhotos.Add(library, c);
        long person = Assert.IsType<long>(third.Photo.Faces[0].PersonId);
        Assert.Equal(3, library.GetPerson(person).Faces.Count);
        Assert.Empty(library.GetUnassignedFaces());
    }

    [Fact]
    public void TwoFacesOfOnePhotoAreNeverOnePersonEvenWhenTheyAreTheSamePerson()
    {
        // Jennifer Lopez has 8 images in LFW View 1 (the most of anyone, with two others).
        List<ReferenceData.LfwRow> bush = LfwPhotos.All.Where(r => r.Person == "Jennifer_Lopez").ToList();
        Assert.Equal(8, bush.Count);
        using var temp = new TempFolder();
        using var library = PeopleLibrary.Open(temp.File("p.db"));
        foreach (ReferenceData.LfwRow row in bush.Skip(2))
        {
            LfwPhotos.Add(library, row);
        }

        // One photo holding two of his images: at most one of them may join him.
        PhotoAddResult pair = LfwPhotos.Add(library, bush[0], bush[1]);
        Assert.Equal(2, pair.Photo.Faces.Count);
        Assert.True(pair.Photo.Faces[0].PersonId is null || pair.Photo.Faces[0].PersonId != pair.Photo.Faces[1].PersonId);
        Assert.Contains(pair.Photo.Faces, f => f.PersonId is not null);
        LfwPhotos.AssertOneFacePerPhotoPerPerson(library);
        library.Recluster();
        LfwPhotos.AssertOneFacePerPhotoPerPerson(library);
        LibraryPhoto after = library.FindPhoto(pair.Photo.Hash)!;
        Assert.True(after.Faces[0].PersonId is null || after.Faces[0].PersonId != after.Faces[1].PersonId);
    }

    [Fact]
    public void AddingAPhotoThatIsAlreadyThereChangesNothing()
    {
        using var temp = new TempFolder();
        using var library = PeopleLibrary.Open(temp.File("p.db"));
        var rows = LfwPhotos.PeopleWithAtLeast(4).Take(20).ToList();
        foreach (ReferenceData.LfwRow row in rows)
        {
            LfwPhotos.Add(library, row);
        }

        var before = library.GetPeople();
        PhotoAddResult again = LfwPhotos.Add(library, rows[5]);
        Assert.True(again.AlreadyPresent);
        Assert.Equal(20, library.FaceCount);
        Assert.Equal(20, library.PhotoCount);
        Assert.Equal(before.Select(p => (p.Id, p.Faces.Count)), library.GetPeople().Select(p => (p.Id, p.Faces.Count)));

        // The same bytes under another path are the same photo.
        Assert.True(library.AddPhoto("elsewhere/copy.jpg", again.Photo.Hash, LfwPhotos.Faces(rows[5])).AlreadyPresent);
    }

    [Fact]
    public void HashPhotoIsTheSha256OfTheBytes()
    {
        using var temp = new TempFolder();
        string file = temp.Write("a.bin", "abc"u8.ToArray());
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PeopleLibrary.HashPhoto(file));
    }

    [Fact]
    public void QueriesTellWhoIsInAPhotoTheirPhotosAndWhoAppearsWithThem()
    {
        using var temp = new TempFolder();
        using var library = PeopleLibrary.Open(temp.File("p.db"));
        var bush = LfwPhotos.All.Where(r => r.Person == "Ricardo_Lagos").Take(6).ToList();
        var powell = LfwPhotos.All.Where(r => r.Person == "Paul_Wolfowitz").Take(6).ToList();
        Assert.Equal(6, powell.Count);
        for (int i = 1; i < 6; i++)
        {
            LfwPhotos.Add(library, bush[i]);
            LfwPhotos.Add(library, powell[i]);
        }

        PhotoAddResult together = LfwPhotos.Add(library, bush[0], powell[0]);
        long bushId = together.Photo.Faces[0].PersonId!.Value;
        long powellId = together.Photo.Faces[1].PersonId!.Value;
        Assert.NotEqual(bushId, powellId);

        Assert.Equal([bushId, powellId], library.GetPeopleIn(together.Photo.Id).Select(p => p.Id).Order());
        IReadOnlyList<LibraryPhoto> photos = library.GetPhotosOf(bushId);
        Assert.Equal(library.GetPerson(bushId).Faces.Count, photos.Count);
        Assert.Contains(photos, p => p.Id == together.Photo.Id);
        Assert.Equal([new CoOccurrence(powellId, 1)], library.GetCoOccurring(bushId));
        Assert.Throws<ArgumentException>(() => library.GetPerson(999_999));
    }

    [Fact]
    public void AReopenedLibraryIsTheSameLibrary()
    {
        using var temp = new TempFolder();
        string path = temp.File("p.db");
        var all = LfwPhotos.PeopleWithAtLeast(6);
        ReferenceData.LfwRow heldBack = all.Last(r => r.Person == all[0].Person);
        var rows = all.Where(r => r != heldBack).ToList();
        string before;
        using (var library = PeopleLibrary.Open(path))
        {
            foreach (ReferenceData.LfwRow row in rows)
            {
                LfwPhotos.Add(library, row);
            }

            library.Name(library.GetPeople()[0].Id, "first");
            before = Describe(library);
        }

        using (var reopened = PeopleLibrary.Open(path))
        {
            Assert.Equal(before, Describe(reopened));

            // New faces still find their people after a reopen (the index was rebuilt from the file).
            PhotoAddResult more = LfwPhotos.Add(reopened, heldBack);
            Assert.NotNull(more.Photo.Faces[0].PersonId);
        }
    }

    private static string Describe(PeopleLibrary library) => string.Join('\n',
        library.GetPeople().Select(p => $"{p.Id} {p.Name}: {string.Join(',', p.Faces.Select(f => $"{f.Id}{(f.Confirmed ? "!" : "")}"))}")
            .Append("unassigned: " + string.Join(',', library.GetUnassignedFaces().Select(f => f.Id))));

    private static (ReferenceData.LfwRow, ReferenceData.LfwRow, ReferenceData.LfwRow) FindTriple()
    {
        foreach (var group in LfwPhotos.PeopleWithAtLeast(3).GroupBy(r => r.Person))
        {
            var g = group.ToList();
            for (int i = 0; i < g.Count; i++)
            {
                for (int j = i + 1; j < g.Count; j++)
                {
                    for (int k = j + 1; k < g.Count; k++)
                    {
                        float ab = g[i].Descriptor.DistanceTo(g[j].Descriptor), ac = g[i].Descriptor.DistanceTo(g[k].Descriptor), bc = g[j].Descriptor.DistanceTo(g[k].Descriptor);
                        if (ab is > 0.55f and < 0.6f && ac is > 0.55f and < 0.6f && bc < 0.6f)
                        {
                            return (g[i], g[j], g[k]);
                        }
                    }
                }
            }
        }

        throw new InvalidOperationException("no triple found");
    }
}
