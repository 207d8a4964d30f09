using System.Text.Json;
using FaceMetric.People;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Cli;

/// <summary><c>facemetric people ...</c> on real photos (face_recognition's and openface's examples).</summary>
public sealed class PeopleCommandTests
{
    [Fact]
    public void AddListCorrectAndReport()
    {
        using var temp = new TempFolder();
        string lib = temp.File("people.db");
        string photos = Fixtures.Path("data/face_recognition");
        var (code, stdout, stderr) = CliRunner.Run("people", "add", lib, photos, Fixtures.Path("data/openface"), "--json");
        Assert.True(code == 0, stderr);
        using (var summary = JsonDocument.Parse(stdout))
        {
            Assert.True(summary.RootElement.GetProperty("added").GetInt32() > 10);
            Assert.True(summary.RootElement.GetProperty("people").GetInt32() >= 2);
        }

        Assert.Contains("people add: 1/", stderr);

        // Again: every photo is already there.
        (code, stdout, stderr) = CliRunner.Run("people", "add", lib, photos, "--json");
        Assert.True(code == 0, stderr);
        using (var again = JsonDocument.Parse(stdout))
        {
            Assert.Equal(0, again.RootElement.GetProperty("added").GetInt32());
            Assert.Equal(0, again.RootElement.GetProperty("faces").GetInt32());
        }

        var people = List(lib);
        var obama = people.OrderByDescending(p => p.Faces.Count).First();
        Assert.All(obama.Faces, f => Assert.Equal(4, f.Box.Length));
        Assert.Contains(obama.Faces, f => f.Path.Contains("obama", StringComparison.OrdinalIgnoreCase));

        Assert.Equal(0, CliRunner.Run("people", "name", lib, obama.Id.ToString(), "Barack Obama").ExitCode);
        var other = people.First(p => p.Id != obama.Id);
        (code, _, stderr) = CliRunner.Run("people", "move", lib, other.Faces[0].Id.ToString(), obama.Id.ToString());
        Assert.True(code is 0 or 1, stderr); // 1 when that face's photo already has a face in Obama
        (code, _, stderr) = CliRunner.Run("people", "not", lib, obama.Faces[^1].Id.ToString(), obama.Id.ToString());
        Assert.True(code == 0, stderr);
        (code, stdout, stderr) = CliRunner.Run("people", "split", lib, obama.Id.ToString(), "--threshold", "0.3");
        Assert.True(code == 0, stderr);
        Assert.Contains("part 1", stdout);

        var after = List(lib);
        var named = Assert.Single(after, p => p.Name == "Barack Obama");
        Assert.DoesNotContain(named.Faces, f => f.Id == obama.Faces[^1].Id);
        (code, _, _) = CliRunner.Run("people", "recluster", lib);
        Assert.Equal(0, code);
        Assert.DoesNotContain(Assert.Single(List(lib), p => p.Name == "Barack Obama").Faces, f => f.Id == obama.Faces[^1].Id);

        (code, stdout, stderr) = CliRunner.Run("people", "report", lib, "--report", temp.File("report"));
        Assert.True(code == 0, stderr);
        string html = File.ReadAllText(temp.File("report/report.html"));
        Assert.Contains("Barack Obama", html);
        Assert.Contains("Unassigned", html);
        Assert.True(Directory.GetFiles(temp.File("report/thumbs")).Length >= after.Sum(p => p.Faces.Count));
    }

    [Fact]
    public void BadLibrariesAndIdsAreOneLineErrors()
    {
        using var temp = new TempFolder();
        string text = temp.Write("notes.txt", "not a library"u8.ToArray());
        var (code, _, stderr) = CliRunner.Run("people", "list", text);
        Assert.Equal(3, code);
        Assert.Contains("not an SQLite database", stderr);
        Assert.Equal("not a library", File.ReadAllText(text));

        (code, _, stderr) = CliRunner.Run("people", "list", temp.File("missing.db"));
        Assert.Equal(3, code);
        Assert.False(File.Exists(temp.File("missing.db")));

        using (var library = PeopleLibrary.Open(temp.File("empty.db")))
        {
        }

        (code, _, stderr) = CliRunner.Run("people", "name", temp.File("empty.db"), "42", "Nobody");
        Assert.Equal(2, code);
        Assert.Contains("No person 42", stderr);
    }

    [Fact]
    public void AnUnreadablePhotoIsSkippedAndTheOthersStillGoIn()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("photos"));
        File.Copy(Fixtures.Path(TestFiles.Data.Obama), temp.File("photos/a.jpg"));
        File.WriteAllText(temp.File("photos/b.jpg"), "not a jpeg");
        File.Copy(Fixtures.Path(TestFiles.Data.Biden), temp.File("photos/c.jpg"));
        var (code, stdout, stderr) = CliRunner.Run("people", "add", temp.File("people.db"), temp.File("photos"), "--json");
        Assert.Equal(3, code);
        Assert.Contains("skipped", stderr);
        using var summary = JsonDocument.Parse(stdout);
        Assert.Equal(2, summary.RootElement.GetProperty("added").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("unreadable").GetInt32());
        using var library = PeopleLibrary.Open(temp.File("people.db"));
        Assert.Equal(2, library.PhotoCount);
    }

    private static List<(long Id, string? Name, List<(long Id, string Path, double[] Box)> Faces)> List(string lib)
    {
        var (code, stdout, stderr) = CliRunner.Run("people", "list", lib, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("unassigned").ValueKind);
        return doc.RootElement.GetProperty("people").EnumerateArray().Select(p => (
            p.GetProperty("id").GetInt64(),
            p.GetProperty("name").ValueKind == JsonValueKind.Null ? null : p.GetProperty("name").GetString(),
            p.GetProperty("faces").EnumerateArray().Select(f => (
                f.GetProperty("id").GetInt64(),
                f.GetProperty("path").GetString()!,
                f.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray())).ToList())).ToList();
    }
}
