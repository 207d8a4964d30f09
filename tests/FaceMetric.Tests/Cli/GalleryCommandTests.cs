using System.Text.Json;
using FaceMetric.Identification;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Cli;

/// <summary>
/// <c>facemetric gallery enroll|list|remove</c> and <c>identify --gallery FILE</c> on face_recognition's k-NN example:
/// a gallery file enrolled once gives the same answers as enrolling the folder on every run.
/// </summary>
public sealed class GalleryCommandTests
{
    private static string Knn(string relative) => Fixtures.Path(TestFiles.Data.KnnExamples + relative);

    private static JsonElement Json(string stdout)
    {
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    private static List<string> Answers(string stdout) =>
        [.. Json(stdout).GetProperty("results").EnumerateArray().Select(r =>
            $"{Path.GetFileName(r.GetProperty("path").GetString())} {r.GetProperty("box")} {r.GetProperty("label")} {r.GetProperty("distance").GetDouble():F6}")];

    [Fact]
    public void AnEnrolledFileIdentifiesAsTheFolderDoes()
    {
        using var temp = new TempFolder();
        string file = temp.File("people.fmgallery");
        var enroll = CliRunner.Run("gallery", "enroll", file, Knn("train"), "--json");
        Assert.True(enroll.ExitCode == 0, enroll.Stderr);
        JsonElement counts = Json(enroll.Stdout);
        Assert.Equal(9, counts.GetProperty("added").GetInt32());
        Assert.Equal(5, counts.GetProperty("people").GetInt32());

        var fromFile = CliRunner.Run("identify", "--gallery", file, Knn("test"), "--json");
        var fromFolder = CliRunner.Run("identify", "--gallery", Knn("train"), Knn("test"), "--json");
        Assert.True(fromFile.ExitCode == 0, fromFile.Stderr);
        Assert.True(fromFolder.ExitCode == 0, fromFolder.Stderr);
        Assert.Equal(Answers(fromFolder.Stdout), Answers(fromFile.Stdout));
        Assert.Equal(4, Answers(fromFile.Stdout).Count);
    }

    [Fact]
    public void EnrollingTheSamePhotosAgainChangesNothing()
    {
        using var temp = new TempFolder();
        string file = temp.File("people.fmgallery");
        Assert.Equal(0, CliRunner.Run("gallery", "enroll", file, Knn("train/obama")).ExitCode);
        byte[] once = File.ReadAllBytes(file);

        var again = CliRunner.Run("gallery", "enroll", file, Knn("train/obama"), "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(0, Json(again.Stdout).GetProperty("added").GetInt32());
        Assert.Equal(2, Json(again.Stdout).GetProperty("alreadyEnrolled").GetInt32());
        Assert.Equal(once, File.ReadAllBytes(file));

        // A folder of photos directly is the person it is named after; --name files photos under any name.
        using FaceGallery gallery = FaceGallery.Load(file);
        Assert.Equal(["obama"], gallery.GetLabels());
        Assert.Equal(0, CliRunner.Run("gallery", "enroll", file, Knn("train/obama/obama.jpg"), "--name", "barack").ExitCode);
        using FaceGallery renamed = FaceGallery.Load(file);
        Assert.Equal(["obama", "barack"], renamed.GetLabels());
        Assert.Equal(1, renamed.CountOf("barack"));
    }

    [Fact]
    public void ListAndRemoveWorkOnTheFile()
    {
        using var temp = new TempFolder();
        string file = temp.File("people.fmgallery");
        Assert.Equal(0, CliRunner.Run("gallery", "enroll", file, Knn("train")).ExitCode);

        var list = CliRunner.Run("gallery", "list", file);
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Equal(
            ["alex_lacamoire\t1", "biden\t2", "kit_harington\t2", "obama\t2", "rose_leslie\t2"],
            list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));

        var remove = CliRunner.Run("gallery", "remove", file, "biden", "nobody");
        Assert.True(remove.ExitCode == 0, remove.Stderr);
        Assert.Contains("nobody", remove.Stderr, StringComparison.Ordinal);
        using FaceGallery gallery = FaceGallery.Load(file);
        Assert.Equal(["alex_lacamoire", "kit_harington", "obama", "rose_leslie"], gallery.GetLabels());
        Assert.Equal(7, gallery.Count);
    }

    [Fact]
    public void MistakesAreUsageOrInputErrors()
    {
        using var temp = new TempFolder();
        string file = temp.File("people.fmgallery");
        Assert.Equal(2, CliRunner.Run("gallery").ExitCode);
        Assert.Equal(2, CliRunner.Run("gallery", "merge", file).ExitCode);
        Assert.Equal(2, CliRunner.Run("gallery", "enroll", file).ExitCode);
        Assert.Equal(2, CliRunner.Run("gallery", "enroll", file, Knn("test/obama1.jpg")).ExitCode); // a single photo needs --name
        Assert.Equal(3, CliRunner.Run("gallery", "list", file).ExitCode);
        Assert.Equal(3, CliRunner.Run("gallery", "enroll", file, "/no/such/folder").ExitCode);
        Assert.False(File.Exists(file));

        File.WriteAllText(file, "not a gallery");
        var (code, _, stderr) = CliRunner.Run("identify", "--gallery", file, Knn("test/obama1.jpg"));
        Assert.Equal(3, code);
        Assert.Contains("FMGALLRY", stderr, StringComparison.Ordinal);
    }
}
