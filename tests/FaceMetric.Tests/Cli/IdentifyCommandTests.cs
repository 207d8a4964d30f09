using System.Text.Json;
using FaceMetric.Tests.Imaging;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Cli;

/// <summary><c>facemetric identify</c> on face_recognition's k-NN example (gallery: one folder per person).</summary>
public sealed class IdentifyCommandTests
{
    private static string Knn(string relative) => Fixtures.Path(TestFiles.Data.KnnExamples + relative);

    private static List<(string File, double[] Box, string? Label, double Distance)> Results(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("results").EnumerateArray().Select(r => (
            Path.GetFileName(r.GetProperty("path").GetString()!),
            r.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            r.GetProperty("label").ValueKind == JsonValueKind.Null ? null : r.GetProperty("label").GetString(),
            r.GetProperty("distance").GetDouble())).ToList();
    }

    [Theory]
    [InlineData("7")]
    [InlineData("1")]
    public void TheExampleProbesAreIdentified(string k)
    {
        var (code, stdout, stderr) = CliRunner.Run("identify", "--gallery", Knn("train"), Knn("test"), "--k", k, "--json");
        Assert.True(code == 0, stderr);
        var results = Results(stdout);
        Assert.Equal(4, results.Count);
        Assert.Equal("kit_harington", results.Single(r => r.File == "johnsnow_test1.jpg").Label);
        Assert.Equal("obama", results.Single(r => r.File == "obama1.jpg").Label);

        // kit_with_rose.jpg: Rose Leslie on the left, Kit Harington on the right.
        var pair = results.Where(r => r.File == "kit_with_rose.jpg").OrderBy(r => r.Box[0]).ToList();
        Assert.Equal(["rose_leslie", "kit_harington"], pair.Select(r => r.Label));
        Assert.All(results, r => Assert.InRange(r.Distance, 0.0, 0.6));
    }

    [Fact]
    public void StrangersAreUnknown()
    {
        // bald_guys.jpg: Vin Diesel, The Rock, Jason Statham and Bruce Willis, none of them in the gallery.
        var (code, stdout, stderr) = CliRunner.Run("identify", "--gallery", Knn("train"), Fixtures.Path(TestFiles.Data.BaldGuys), "--json");
        Assert.True(code == 0, stderr);
        var results = Results(stdout);
        Assert.True(results.Count >= 20, $"{results.Count} faces");
        Assert.All(results, r =>
        {
            Assert.Null(r.Label);
            Assert.True(r.Distance >= 0.6, r.Distance.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public void BadArgumentsExitWith2AndBadInputWith3()
    {
        string probe = Knn("test/obama1.jpg");
        Assert.Equal(2, CliRunner.Run("identify", probe).ExitCode);
        Assert.Equal(2, CliRunner.Run("identify", "--gallery", Knn("train")).ExitCode);
        Assert.Equal(2, CliRunner.Run("identify", "--gallery", Knn("train"), probe, "--k", "0").ExitCode);
        Assert.Equal(2, CliRunner.Run("identify", "--gallery", Knn("train"), probe, "--k", "two").ExitCode);

        var (code, stdout, stderr) = CliRunner.Run("identify", "--gallery", "/no/such/gallery", probe);
        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Contains("/no/such/gallery", stderr);

        using var temp = new TempFolder();
        File.Copy(probe, Path.Combine(temp.Path, "loose.jpg"));
        Assert.Equal(3, CliRunner.Run("identify", "--gallery", temp.Path, probe).ExitCode);
        Assert.Equal(3, CliRunner.Run("identify", "--gallery", Knn("train"), "/no/such/probe.jpg").ExitCode);
    }
}
