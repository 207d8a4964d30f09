using FaceMetric.People;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.People;

/// <summary>
/// Corrections stick: merge, split, move, "not this person" and a name, then 100 more photos and a full re-cluster,
/// and no correction is undone. Real faces (dlib's LFW View 1 descriptors), with group photos of several people.
/// </summary>
public sealed class PeopleCorrectionsTests
{
    [Fact]
    public void CorrectionsSurviveOneHundredMorePhotosAndAFullRecluster()
    {
        var rows = LfwPhotos.PeopleWithAtLeast(4);
        LfwPhotos.Shuffle(rows, seed: 7);
        using var temp = new TempFolder();
        using var library = PeopleLibrary.Open(temp.File("p.db"));
        AddPhotos(library, rows.Take(400).ToList(), seed: 1);

        var people = library.GetPeople().OrderByDescending(p => p.Faces.Count).ThenBy(p => p.Id).ToList();
        Assert.True(people.Count >= 8, $"only {people.Count} people");

        // Merge two people who share no photo.
        LibraryPerson keep = people[0];
        LibraryPerson other = people.Skip(1).First(p => !p.Faces.Select(f => f.PhotoId).Intersect(keep.Faces.Select(f => f.PhotoId)).Any());
        library.Merge(keep.Id, other.Id);
        library.Name(keep.Id, "Merged");
        var merged = keep.Faces.Concat(other.Faces).Select(f => f.Id).ToHashSet();
        Assert.Throws<ArgumentException>(() => library.GetPerson(other.Id));

        // Split a person: the proposal's parts, or (if it does not separate) half of the faces.
        LibraryPerson toSplit = library.GetPeople().Where(p => p.Id != keep.Id && p.Faces.Count >= 4).OrderByDescending(p => p.Faces.Count).First();
        var parts = library.ProposeSplit(toSplit.Id);
        Assert.Equal(toSplit.Faces.Count, parts.Sum(p => p.Count));
        var splitOff = (parts.Count > 1 ? parts[1] : toSplit.Faces.Skip(toSplit.Faces.Count / 2).ToList()).Select(f => f.Id).ToHashSet();
        long partId = library.SplitOff(toSplit.Id, splitOff);
        var stays = toSplit.Faces.Select(f => f.Id).Where(id => !splitOff.Contains(id)).ToHashSet();

        // Move one face to another person (not sharing its photo), and mark another face "not" its person.
        var current = library.GetPeople().Where(p => p.Id != keep.Id && p.Id != toSplit.Id && p.Id != partId).ToList();
        LibraryPerson from = current[0];
        LibraryFace moved = from.Faces[0];
        LibraryPerson to = current.Skip(1).First(p => p.Faces.All(f => f.PhotoId != moved.PhotoId));
        Assert.Equal(to.Id, library.Move(moved.Id, to.Id));
        LibraryPerson notFrom = current.Skip(2).First(p => p.Id != to.Id && p.Faces.Count >= 3);
        LibraryFace notFace = notFrom.Faces[^1];
        library.MarkNot(notFace.Id, notFrom.Id);
        Assert.Null(library.GetUnassignedFaces().Single(f => f.Id == notFace.Id).PersonId);

        // A move into a person that already has a face of the same photo is refused, and changes nothing.
        LibraryPhoto group = library.GetPhotos().First(p => p.Faces.Count(f => f.PersonId is not null) >= 2 && p.Faces.Where(f => f.PersonId is not null).Select(f => f.PersonId).Distinct().Count() >= 2);
        var assigned = group.Faces.Where(f => f.PersonId is not null).ToList();
        Assert.Throws<PeopleCorrectionException>(() => library.Move(assigned[0].Id, assigned[1].PersonId));
        Assert.Equal(assigned[0].PersonId, library.GetPhotos().Single(p => p.Id == group.Id).Faces.Single(f => f.Id == assigned[0].Id).PersonId);

        void Check(string when)
        {
            LibraryPerson m = library.GetPerson(keep.Id);
            Assert.Equal("Merged", m.Name);
            Assert.True(merged.IsSubsetOf(m.Faces.Select(f => f.Id)), $"{when}: merge undone");
            long? splitA = library.GetPerson(toSplit.Id).Faces.Select(f => (long?)f.Id).Intersect(stays.Select(id => (long?)id)).Count() == stays.Count ? toSplit.Id : null;
            Assert.True(splitA is not null, $"{when}: the part that stayed moved");
            Assert.True(splitOff.IsSubsetOf(library.GetPerson(partId).Faces.Select(f => f.Id)), $"{when}: split undone");
            Assert.Contains(library.GetPerson(to.Id).Faces, f => f.Id == moved.Id);
            Assert.DoesNotContain(library.GetPeople().SelectMany(p => p.Faces.Where(_ => p.Id == notFrom.Id)), f => f.Id == notFace.Id);
            LfwPhotos.AssertOneFacePerPhotoPerPerson(library);
        }

        Check("after the corrections");
        AddPhotos(library, rows.Skip(400).Take(100).ToList(), seed: 2);
        Assert.Equal(500, library.FaceCount);
        Check("after 100 more photos");
        int changed = library.Recluster();
        Check($"after a full re-cluster ({changed} faces changed person)");
        library.Recluster();
        Check("after a second re-cluster");
    }

    [Fact]
    public void AFaceMarkedNotAPersonIsNeverPutBackThereByAnAddition()
    {
        var rows = LfwPhotos.PeopleWithAtLeast(7).ToList();
        using var temp = new TempFolder();
        using var library = PeopleLibrary.Open(temp.File("p.db"));
        foreach (ReferenceData.LfwRow row in rows.Where((_, i) => i % 2 == 0))
        {
            LfwPhotos.Add(library, row);
        }

        LibraryPerson bush = library.GetPeople().OrderByDescending(p => p.Faces.Count).First();
        LibraryFace marked = bush.Faces[0];
        library.MarkNot(marked.Id, bush.Id);
        foreach (ReferenceData.LfwRow row in rows.Where((_, i) => i % 2 == 1))
        {
            LfwPhotos.Add(library, row);
        }

        Assert.DoesNotContain(library.GetPerson(bush.Id).Faces, f => f.Id == marked.Id);
        library.Recluster();
        Assert.DoesNotContain(library.GetPerson(bush.Id).Faces, f => f.Id == marked.Id);

        // Merging a person holding a face marked "not" the other is refused; an explicit move lifts the mark.
        Assert.Equal(bush.Id, library.Move(marked.Id, bush.Id));
        Assert.Contains(library.GetPerson(bush.Id).Faces, f => f.Id == marked.Id && f.Confirmed);
    }

    /// <summary>Adds rows as photos: mostly one face, every fifth photo a group of two or three (different people).</summary>
    private static void AddPhotos(PeopleLibrary library, List<ReferenceData.LfwRow> rows, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < rows.Count;)
        {
            int size = random.Next(5) == 0 ? random.Next(2, 4) : 1;
            var photo = rows.Skip(i).Take(size).ToList();
            if (photo.Select(r => r.Person).Distinct().Count() != photo.Count)
            {
                photo = photo.Take(1).ToList();
            }

            LfwPhotos.Add(library, [.. photo]);
            i += photo.Count;
        }
    }
}
