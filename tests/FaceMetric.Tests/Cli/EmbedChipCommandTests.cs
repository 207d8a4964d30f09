using System.Text.Json;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Cli;

public sealed class EmbedChipCommandTests
{
    [Fact]
    public void PrintsOneDescriptorPerChipAsJsonMatchingDlib()
    {
        string johns = Fixtures.Path(TestFiles.Reference.JohnSalley);
        var (code, stdout, stderr) = CliRunner.Run("embed-chip", johns, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var chips = doc.RootElement.GetProperty("chips").EnumerateArray().ToList();
        Assert.Equal(11, chips.Count);

        var reference = ReferenceDescriptors.Load(TestFiles.Reference.JohnsEmbedJson)
            .ToDictionary(r => Path.GetFileName(r.Chip), r => r.Descriptor);
        foreach (var chip in chips)
        {
            float[] ours = chip.GetProperty("descriptor").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            float[] dlib = reference[Path.GetFileName(chip.GetProperty("path").GetString()!)];
            Assert.Equal(128, ours.Length);
            Assert.All(ours.Zip(dlib), p => Assert.True(Math.Abs(p.First - p.Second) < 1e-4f));
        }
    }

    [Fact]
    public void AMissingFileExitsWith3AndOneLineOnStderr()
    {
        var (code, stdout, stderr) = CliRunner.Run("embed-chip", "/no/such/chip.png");
        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("/no/such/chip.png", stderr);
    }

    [Fact]
    public void ANonChipImageExitsWith3()
    {
        string notAnImage = Path.Combine(Path.GetTempPath(), $"facemetric-{Guid.NewGuid():N}.png");
        File.WriteAllText(notAnImage, "this is text, not a PNG");
        try
        {
            var (code, _, stderr) = CliRunner.Run("embed-chip", notAnImage);
            Assert.Equal(3, code);
            Assert.Contains(notAnImage, stderr);
        }
        finally
        {
            File.Delete(notAnImage);
        }
    }

    [Fact]
    public void BadArgumentsExitWith2()
    {
        Assert.Equal(2, CliRunner.Run().ExitCode);
        Assert.Equal(2, CliRunner.Run("embed-chip").ExitCode);
        Assert.Equal(2, CliRunner.Run("embed-chip", "x.png", "--bogus").ExitCode);
        Assert.Equal(2, CliRunner.Run("no-such-command").ExitCode);
    }
}
