using System.Text.Json;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Cli;

/// <summary>detect, embed, align and compare on real photos, per the console contract.</summary>
public sealed class PhotoCommandsTests
{
    private static readonly string TwoPeople = Fixtures.Path(TestFiles.Data.ExamplesTwoPeopleJpg);
    private static readonly string Obama = Fixtures.Path(TestFiles.Data.Obama);
    private static readonly string Obama2 = Fixtures.Path(TestFiles.Data.Obama2);
    private static readonly string Biden = Fixtures.Path(TestFiles.Data.Biden);

    [Fact]
    public void DetectPrintsEveryFaceWithBoxScoreAnd68Landmarks()
    {
        // The default front end's scores are HOG's SVM margins (above its threshold 0); face-api's SSD gives 0.5..1.
        foreach (var (args, min, max) in new[] { (Array.Empty<string>(), 0.0, 10.0), (new[] { "--front-end", "face-api" }, 0.5, 1.0) })
        {
            var (code, stdout, stderr) = CliRunner.Run(["detect", TwoPeople, "--json", .. args]);
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var faces = doc.RootElement.GetProperty("faces").EnumerateArray().ToList();
            Assert.Equal(2, faces.Count);
            foreach (var f in faces)
            {
                Assert.Equal(4, f.GetProperty("box").GetArrayLength());
                Assert.InRange(f.GetProperty("score").GetDouble(), min, max);
                Assert.Equal(68, f.GetProperty("landmarks").GetArrayLength());
            }
        }
    }

    [Fact]
    public void DetectWithDlibsFrontEndGivesDlibsHogBoxes()
    {
        var (code, stdout, stderr) = CliRunner.Run("detect", TwoPeople, "--json", "--front-end", "dlib");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var boxes = doc.RootElement.GetProperty("faces").EnumerateArray()
            .Select(f => f.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray())
            .OrderBy(b => b[0])
            .ToList();

        // dlib's boxes for two_people.jpg (reference/dlib/faces/align.json): (253,47)-(408,202) and (778,57)-(964,242),
        // from dlib's own JPEG decoding; ImageSharp's decoding moves neither box.
        Assert.Equal(2, boxes.Count);
        Assert.Equal(new double[] { 253, 47, 156, 156 }, boxes[0]);
        Assert.Equal(new double[] { 778, 57, 187, 186 }, boxes[1]);
    }

    [Fact]
    public void AnUnknownFrontEndIsAUsageError()
    {
        var (code, _, stderr) = CliRunner.Run("detect", TwoPeople, "--front-end", "opencv");
        Assert.Equal(2, code);
        Assert.Contains("--front-end", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareSaysSameForObamaPairsAndDifferentForObamaBiden()
    {
        var same = CliRunner.Run("compare", Obama, Obama2, "--json");
        Assert.True(same.ExitCode == 0, same.Stderr);
        using var a = JsonDocument.Parse(same.Stdout);
        Assert.True(a.RootElement.GetProperty("same").GetBoolean());
        Assert.Equal(0.6, a.RootElement.GetProperty("threshold").GetDouble(), 6);
        Assert.InRange(a.RootElement.GetProperty("distance").GetDouble(), 0, 0.6);

        var different = CliRunner.Run("compare", Obama, Biden, "--json");
        using var b = JsonDocument.Parse(different.Stdout);
        Assert.False(b.RootElement.GetProperty("same").GetBoolean());

        // A stricter threshold changes the verdict, not the distance.
        var strict = CliRunner.Run("compare", Obama, Obama2, "--json", "--threshold", "0.3");
        using var c = JsonDocument.Parse(strict.Stdout);
        Assert.False(c.RootElement.GetProperty("same").GetBoolean());
        Assert.Equal(a.RootElement.GetProperty("distance").GetDouble(), c.RootElement.GetProperty("distance").GetDouble());
    }

    [Fact]
    public void EmbedWalksFoldersAndGivesOneDescriptorPerFace()
    {
        string dir = Path.Combine(Path.GetTempPath(), "facemetric-embed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.Copy(TwoPeople, Path.Combine(dir, "sub", "two_people.jpg"));
        File.Copy(Obama, Path.Combine(dir, "obama.jpg"));
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not an image: skipped by extension");
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("embed", dir, "--json");
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var images = doc.RootElement.GetProperty("images").EnumerateArray().ToList();
            Assert.Equal(2, images.Count);
            Assert.Equal([1, 2], images.Select(i => i.GetProperty("faces").GetArrayLength()).Order());
            Assert.All(images.SelectMany(i => i.GetProperty("faces").EnumerateArray()), f => Assert.Equal(128, f.GetProperty("descriptor").GetArrayLength()));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AlignWritesOne150x150PngChipPerFace()
    {
        string outDir = Path.Combine(Path.GetTempPath(), "facemetric-align-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("align", TwoPeople, "--out", outDir);
            Assert.True(code == 0, stderr);
            string[] chips = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, chips.Length);
            foreach (string chip in chips)
            {
                using var image = SixLabors.ImageSharp.Image.Load(chip.Trim());
                Assert.Equal((150, 150), (image.Width, image.Height));
            }

            Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("empty")]
    [InlineData("text")]
    public void UnreadablePhotosExitWith3AndOneLineNamingTheFile(string kind)
    {
        byte[] real = File.ReadAllBytes(Obama);
        byte[] bad = kind switch
        {
            "truncated" => real[..(real.Length / 2)],
            "empty" => [],
            _ => "hello"u8.ToArray(),
        };
        string path = Path.Combine(Path.GetTempPath(), $"facemetric-{kind}-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, bad);
        try
        {
            foreach (string[] args in new[] { new[] { "detect", path }, ["compare", path, Obama], ["embed", path], ["align", path, "--out", Path.GetTempPath()] })
            {
                var (code, stdout, stderr) = CliRunner.Run(args);
                Assert.Equal(3, code);
                Assert.Empty(stdout);
                Assert.Single(stderr.Trim().Split('\n'));
                Assert.Contains(path, stderr);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BadOptionValuesExitWith2()
    {
        Assert.Equal(2, CliRunner.Run("compare", Obama, Biden, "--threshold", "abc").ExitCode);
        Assert.Equal(2, CliRunner.Run("detect", Obama, "--upsample", "9").ExitCode);
        Assert.Equal(2, CliRunner.Run("align", Obama).ExitCode);
    }
}
