using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Cli;

/// <summary>
/// Ctrl+C (a cancelled token) ends every long command with exit code 130 and one stderr line, and leaves each output
/// it would have written exactly as it was.
/// </summary>
public sealed class CancellationTests
{
    private static string Knn(string relative) => Fixtures.Path(TestFiles.Data.KnnExamples + relative);

    private static void AssertCancelled((int ExitCode, string Stdout, string Stderr) run)
    {
        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal("facemetric: cancelled", run.Stderr.Trim());
        Assert.Empty(run.Stdout);
    }

    /// <summary>Puts an earlier run's output in place and returns a check that it is still exactly that.</summary>
    private static Action Untouched(string path)
    {
        File.WriteAllText(path, "an earlier run's output");
        string folder = Path.GetDirectoryName(path)!;
        string[] before = Directory.GetFileSystemEntries(folder);
        return () =>
        {
            Assert.Equal("an earlier run's output", File.ReadAllText(path));
            Assert.Equal(before, Directory.GetFileSystemEntries(folder)); // no temporary or partial file either
        };
    }

    [Fact]
    public void ClusterLeavesItsReportUntouched()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("report"));
        Action check = Untouched(Path.Combine(temp.File("report"), "report.html"));
        AssertCancelled(CliRunner.RunCancelled("cluster", Knn("train"), "--report", temp.File("report")));
        check();
    }

    [Fact]
    public void AuditLeavesItsReportUntouched()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("report"));
        Action check = Untouched(Path.Combine(temp.File("report"), "report.html"));
        AssertCancelled(CliRunner.RunCancelled("audit", Knn("train"), "--report", temp.File("report")));
        check();
    }

    [Fact]
    public void GalleryEnrollLeavesTheGalleryFileUntouched()
    {
        using var temp = new TempFolder();
        string file = temp.File("people.fmgallery");
        Assert.Equal(0, CliRunner.Run("gallery", "enroll", file, Knn("train/obama")).ExitCode);
        byte[] before = File.ReadAllBytes(file);
        AssertCancelled(CliRunner.RunCancelled("gallery", "enroll", file, Knn("train")));
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Equal([file], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void IdentifyStopsWithExitCode130()
    {
        AssertCancelled(CliRunner.RunCancelled("identify", "--gallery", Knn("train"), Knn("test")));
    }

    [Fact]
    public void EvalPairsLeavesItsRocFileUntouched()
    {
        using var temp = new TempFolder();
        foreach (var (from, to) in new[] { ("obama/obama.jpg", "obama/obama_0001.jpg"), ("obama/obama2.jpg", "obama/obama_0002.jpg"), ("biden/biden.jpg", "biden/biden_0001.jpg") })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp.File("images/" + to))!);
            File.Copy(Knn("train/" + from), temp.File("images/" + to));
        }

        string pairs = temp.Write("pairs.txt", "1\nobama\t1\t2\nobama\t1\tbiden\t1\n"u8.ToArray());
        Directory.CreateDirectory(temp.File("out"));
        Action check = Untouched(Path.Combine(temp.File("out"), "roc.csv"));
        AssertCancelled(CliRunner.RunCancelled("eval-pairs", "--pairs", pairs, "--images", temp.File("images"), "--roc-csv", Path.Combine(temp.File("out"), "roc.csv")));
        check();
    }

    [Fact]
    public void TrainLeavesItsModelAndFeatureCacheUntouched()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("out"));
        Action model = Untouched(Path.Combine(temp.File("out"), "model.onnx"));
        AssertCancelled(CliRunner.RunCancelled("train", Knn("train"), "--out", Path.Combine(temp.File("out"), "model.onnx"), "--features-cache", Path.Combine(temp.File("out"), "features.bin")));
        model();
    }
}
