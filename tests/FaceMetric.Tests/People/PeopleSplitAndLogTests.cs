using FaceMetric.People;
using FaceMetric.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace FaceMetric.Tests.People;

/// <summary>A wrong merge is split back along the people it mixed; the corrections log keeps every step and refuses rewrites.</summary>
public sealed class PeopleSplitAndLogTests
{
    [Fact]
    public void AWrongMergeIsProposedBackAsItsTwoPeople()
    {
        using var temp = new TempFolder();
        string path = temp.File("p.db");
        using var library = PeopleLibrary.Open(path);
        var lagos = LfwPhotos.All.Where(r => r.Person == "Ricardo_Lagos").ToList();
        var lopez = LfwPhotos.All.Where(r => r.Person == "Jennifer_Lopez").ToList();
        foreach (ReferenceData.LfwRow row in lagos.Concat(lopez))
        {
            LfwPhotos.Add(library, row);
        }

        long a = library.FindPhoto("lfw:" + lagos[0].Image)!.Faces[0].PersonId!.Value;
        long b = library.FindPhoto("lfw:" + lopez[0].Image)!.Faces[0].PersonId!.Value;
        Assert.NotEqual(a, b);
        library.Merge(a, b);

        var parts = library.ProposeSplit(a);
        Assert.Equal(2, parts.Count);
        var truth = lagos.Select(r => "lfw:" + r.Image).ToHashSet();
        var hashes = library.GetPhotos().ToDictionary(p => p.Id, p => p.Hash);
        foreach (var part in parts)
        {
            Assert.Single(part.Select(f => truth.Contains(hashes[f.PhotoId])).Distinct());
        }

        long split = library.SplitOff(a, parts[1].Select(f => f.Id).ToList());
        library.Recluster();
        Assert.Equal(parts[0].Select(f => f.Id).Order(), library.GetPerson(a).Faces.Select(f => f.Id).Order());
        Assert.Equal(parts[1].Select(f => f.Id).Order(), library.GetPerson(split).Faces.Select(f => f.Id).Order());

        library.Dispose();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(kind, ',') FROM (SELECT kind FROM corrections ORDER BY seq)";
        Assert.Equal("merge,split,recluster", command.ExecuteScalar() as string);
        command.CommandText = "UPDATE corrections SET kind = 'name'";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => command.ExecuteNonQuery()).Message);
        command.CommandText = "DELETE FROM corrections";
        Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
    }
}
