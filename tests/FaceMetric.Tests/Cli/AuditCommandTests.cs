using System.Text.Json;
using System.Text.RegularExpressions;
using FaceMetric.Tests.Imaging;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Cli;

/// <summary><c>facemetric audit</c> on a small real dataset (one folder per person) built from the fixtures.</summary>
public sealed partial class AuditCommandTests
{
    private static string Knn(string relative) => Fixtures.Path(TestFiles.Data.KnnExamples + relative);

    /// <summary>obama (5 photos), biden (3), kit_harington (3), rose_leslie (2): every photo filed correctly.</summary>
    private static void BuildDataset(string root)
    {
        string frdn = TestFiles.Data.FaceRecognitionDotNetTestsTestImages;
        Copy(root, "obama", Knn("train/obama/obama.jpg"), Knn("train/obama/obama2.jpg"), Knn("test/obama1.jpg"),
            Fixtures.Path(frdn + "480px-President_Barack_Obama.jpg"), Fixtures.Path(TestFiles.Data.Obama3));
        Copy(root, "biden", Knn("train/biden/biden.jpg"), Knn("train/biden/biden2.jpg"), Fixtures.Path(frdn + "480px-Biden_2013.jpg"));
        Copy(root, "kit_harington", Knn("train/kit_harington/john1.jpeg"), Knn("train/kit_harington/john2.jpeg"), Knn("test/johnsnow_test1.jpg"));
        Copy(root, "rose_leslie", Knn("train/rose_leslie/img1.jpg"), Knn("train/rose_leslie/img2.jpg"));
    }

    private static void Copy(string root, string person, params string[] files)
    {
        Directory.CreateDirectory(Path.Combine(root, person));
        foreach (string file in files)
        {
            File.Copy(file, Path.Combine(root, person, Path.GetFileName(file)));
        }
    }

    private static List<(string File, string Label, string Kind, string? Matches, double Score)> Findings(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => (
            Path.GetFileName(f.GetProperty("path").GetString()!),
            f.GetProperty("label").GetString()!,
            f.GetProperty("kind").GetString()!,
            f.GetProperty("matches").ValueKind == JsonValueKind.Null ? null : f.GetProperty("matches").GetString(),
            f.GetProperty("score").GetDouble())).ToList();
    }

    private static string Snapshot(string root) => string.Join("\n",
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}"));

    [Fact]
    public void CorrectlyFiledPhotosGiveNoFindings()
    {
        using var temp = new TempFolder();
        BuildDataset(temp.Path);
        var (code, stdout, stderr) = CliRunner.Run("audit", temp.Path, "--json");
        Assert.True(code == 0, stderr);
        Assert.Empty(Findings(stdout));
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(13, doc.RootElement.GetProperty("images").GetInt32());
        Assert.Equal(4, doc.RootElement.GetProperty("identities").GetInt32());
    }

    [Fact]
    public void MisfiledPhotosAreFoundRankedAndShownWithoutTouchingTheDataset()
    {
        using var temp = new TempFolder();
        string data = Path.Combine(temp.Path, "data");
        BuildDataset(data);
        File.Move(Path.Combine(data, "obama", "obama1.jpg"), Path.Combine(data, "biden", "obama1.jpg"));
        Copy(data, "biden", Fixtures.Path(TestFiles.Data.ExamplesTwoPeopleJpg));
        Copy(data, "rose_leslie", Fixtures.Path(TestFiles.Data.Dogs));
        Copy(data, "kit_harington", Fixtures.Path(TestFiles.Reference.JohnSavage00026401099001));
        string before = Snapshot(data);
        string report = Path.Combine(temp.Path, "report");

        var (code, stdout, stderr) = CliRunner.Run("audit", data, "--json", "--report", report);
        Assert.True(code == 0, stderr);
        var findings = Findings(stdout);

        // obama1.jpg filed under biden is Obama; two_people.jpg (Obama and Biden) filed under biden holds two faces,
        // and the one nearest its centre, taken as the labelled one, is Obama's; dogs.jpg has no human face (the
        // default front end's HOG and CNN detectors find none; face-api's SSD took a dog for one); the John Savage
        // chip, a tight crop the default front end does find, is someone else than the other kit_harington photos.
        var expected = new[]
        {
            ("obama1.jpg", "biden", "mislabel", (string?)"obama"),
            ("two_people.jpg", "biden", "mislabel", "obama"),
            ("two_people.jpg", "biden", "multiface", null),
            ("dogs.jpg", "rose_leslie", "noface", null),
            ("000264_01099001.png", "kit_harington", "outlier", null),
        };
        Assert.Equal(expected.Order(), findings.Select(f => (f.File, f.Label, f.Kind, f.Matches)).Order());
        Assert.Equal(findings.OrderByDescending(f => f.Score).Select(f => f.Score), findings.Select(f => f.Score));
        Assert.All(findings.Where(f => f.Kind == "mislabel"), f => Assert.True(f.Score > 0.3, $"{f.File}: {f.Score}"));
        Assert.Equal(0.0, findings.Single(f => f.Kind == "noface").Score);
        Assert.Equal(["mislabel", "mislabel", "outlier"], findings.Take(3).Select(f => f.Kind));

        Assert.Equal(before, Snapshot(data));

        // The review page: every flagged photo appears, and every thumbnail it shows exists.
        string html = File.ReadAllText(Path.Combine(report, "report.html"));
        Assert.All(expected, e => Assert.Contains(e.Item1, html));
        var sources = ImageSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.True(sources.Count >= 10, $"{sources.Count} thumbnails");
        Assert.All(sources, s => Assert.True(File.Exists(Path.Combine(report, s)), s));
        Assert.Empty(Directory.EnumerateFiles(report, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void BadArgumentsExitWith2AndBadInputWith3()
    {
        Assert.Equal(2, CliRunner.Run("audit").ExitCode);
        Assert.Equal(2, CliRunner.Run("audit", "a", "b").ExitCode);
        Assert.Equal(2, CliRunner.Run("audit", Path.GetTempPath(), "--bogus").ExitCode);
        Assert.Equal(2, CliRunner.Run("audit", Path.GetTempPath(), "--report").ExitCode);

        var (code, stdout, stderr) = CliRunner.Run("audit", "/no/such/dataset");
        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Contains("/no/such/dataset", stderr);

        using var temp = new TempFolder();
        File.Copy(Knn("train/obama/obama.jpg"), Path.Combine(temp.Path, "obama.jpg"));
        Assert.Equal(3, CliRunner.Run("audit", temp.Path).ExitCode);

        Directory.CreateDirectory(Path.Combine(temp.Path, "someone"));
        string broken = Path.Combine(temp.Path, "someone", "broken.jpg");
        File.WriteAllBytes(broken, File.ReadAllBytes(Knn("train/obama/obama.jpg"))[..2000]);
        (code, _, stderr) = CliRunner.Run("audit", temp.Path, "--json");
        Assert.Equal(3, code);
        Assert.Contains("broken.jpg", stderr);
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();
}
