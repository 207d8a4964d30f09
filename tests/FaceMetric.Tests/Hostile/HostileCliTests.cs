using System.Text.Json;
using FaceMetric.Tests.TestSupport;
using Xunit;

namespace FaceMetric.Tests.Hostile;

/// <summary>Issue 14 (4, 5, 7): batches keep going past bad photos, stream, and walk linked folders once.</summary>
public sealed class HostileCliTests
{
    private static readonly string[] Photos =
    [
        Fixtures.Path("data/face_recognition/examples/obama.jpg"),
        Fixtures.Path("data/face_recognition/examples/biden.jpg"),
        Fixtures.Path("data/face_recognition/tests/test_images/obama2.jpg"),
    ];

    /// <summary>Three real photos and two damaged copies (cut in the scan; an EOI inserted into the scan).</summary>
    private static TempFolder FolderWithDamage()
    {
        var folder = new TempFolder();
        for (int i = 0; i < Photos.Length; i++)
        {
            File.Copy(Photos[i], folder.File($"photo{i}.jpg"));
        }

        byte[] intact = File.ReadAllBytes(Photos[0]);
        folder.Write("z_truncated.jpg", intact[..(intact.Length / 2)]);
        folder.Write("z_eoi_in_scan.jpg", HostileFiles.Insert(intact, HostileFiles.ScanStart(intact) + 100, [0xFF, 0xD9]));
        return folder;
    }

    [Fact]
    public void EmbedReportsEachBadPhotoAndGoesOnWithExitCode4()
    {
        using TempFolder folder = FolderWithDamage();
        var (code, stdout, stderr) = CliRunner.Run("embed", folder.Path, "--json");
        Assert.Equal(4, code);
        using var doc = JsonDocument.Parse(stdout);
        var images = doc.RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(5, images.Count);
        Assert.Equal(3, images.Count(i => i.TryGetProperty("faces", out var f) && f.GetArrayLength() > 0));
        var errors = images.Where(i => i.TryGetProperty("error", out _)).Select(i => i.GetProperty("error")).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.GetProperty("kind").GetString() == "Truncated");
        Assert.Contains(errors, e => e.GetProperty("kind").GetString() == "Corrupt");
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString())));
        Assert.Equal(2, stderr.Split('\n').Count(l => l.StartsWith("facemetric: error:", StringComparison.Ordinal)));
    }

    [Fact]
    public void EvalPairsLeavesOutThePairsOfAnUnreadablePhotoAndExits4()
    {
        using TempFolder folder = LfwFolderWithOneDamagedPhoto(out string pairs);
        var (code, stdout, stderr) = CliRunner.Run("eval-pairs", "--pairs", pairs, "--images", folder.File("images"), "--json");
        Assert.Equal(4, code);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("pairs").GetInt32()); // the two pairs without biden_0002
        var error = Assert.Single(root.GetProperty("errors").EnumerateArray());
        Assert.EndsWith("biden_0002.jpg", error.GetProperty("path").GetString());
        Assert.Equal("Truncated", error.GetProperty("error").GetProperty("kind").GetString());
        var excluded = root.GetProperty("excluded_pairs").EnumerateArray().ToList();
        Assert.Equal(2, excluded.Count);
        Assert.All(excluded, e => Assert.Contains("biden_0002.jpg", e.GetProperty("a").GetString() + e.GetProperty("b").GetString()));
        Assert.All(excluded, e => Assert.Equal("Truncated", e.GetProperty("error").GetProperty("kind").GetString()));
        Assert.Equal(2, stderr.Split('\n').Count(l => l.Contains("left out:", StringComparison.Ordinal)));
    }

    [Fact]
    public void EvalPairsStrictStopsAtTheUnreadablePhoto()
    {
        using TempFolder folder = LfwFolderWithOneDamagedPhoto(out string pairs);
        var (code, stdout, stderr) = CliRunner.Run("eval-pairs", "--pairs", pairs, "--images", folder.File("images"), "--json", "--strict");
        Assert.Equal(3, code);
        Assert.Contains("biden_0002.jpg", stderr);
        Assert.Equal(string.Empty, stdout.Trim());
    }

    // LFW's layout (images/Name/Name_000N.jpg) with three real photos and a truncated copy, and a View 1 pairs file of
    // two matched and two mismatched pairs, two of which need the truncated photo.
    private static TempFolder LfwFolderWithOneDamagedPhoto(out string pairs)
    {
        var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("images/obama"));
        Directory.CreateDirectory(folder.File("images/biden"));
        File.Copy(Photos[0], folder.File("images/obama/obama_0001.jpg"));
        File.Copy(Photos[2], folder.File("images/obama/obama_0002.jpg"));
        File.Copy(Photos[1], folder.File("images/biden/biden_0001.jpg"));
        byte[] intact = File.ReadAllBytes(Photos[1]);
        folder.Write("images/biden/biden_0002.jpg", intact[..(intact.Length / 2)]);
        pairs = folder.Write("pairs.txt", "2\nobama\t1\t2\nbiden\t1\t2\nobama\t1\tbiden\t1\nobama\t2\tbiden\t2\n"u8.ToArray());
        return folder;
    }

    [Fact]
    public void StrictStopsAtTheFirstBadPhoto()
    {
        using TempFolder folder = FolderWithDamage();
        var (code, _, stderr) = CliRunner.Run("embed", folder.Path, "--json", "--strict");
        Assert.Equal(3, code);
        Assert.Contains("z_eoi_in_scan.jpg", stderr);
    }

    [Fact]
    public void EmbedJsonlWritesOneLinePerPhotoAsItGoes()
    {
        using TempFolder folder = FolderWithDamage();
        var (code, stdout, _) = CliRunner.Run("embed", folder.Path, "--jsonl");
        Assert.Equal(4, code);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        foreach (string line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.True(doc.RootElement.TryGetProperty("faces", out _) ^ doc.RootElement.TryGetProperty("error", out _));
        }
    }

    [Fact]
    public void ClusterAndIdentifyListTheErrorsAndExit4()
    {
        using TempFolder folder = FolderWithDamage();
        var (code, stdout, _) = CliRunner.Run("cluster", folder.Path, "--json");
        Assert.Equal(4, code);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("errors").GetArrayLength());
            Assert.Equal(3, doc.RootElement.GetProperty("clusters").EnumerateArray().Sum(c => c.GetProperty("members").GetArrayLength()));
        }

        using var gallery = new TempFolder();
        Directory.CreateDirectory(Path.Combine(gallery.Path, "obama"));
        File.Copy(Photos[0], Path.Combine(gallery.Path, "obama", "a.jpg"));
        (code, stdout, _) = CliRunner.Run("identify", "--gallery", gallery.Path, folder.Path, "--json");
        Assert.Equal(4, code);
        using var identified = JsonDocument.Parse(stdout);
        Assert.Equal(2, identified.RootElement.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public void AuditSkipsUnreadablePhotosAndExits4()
    {
        using TempFolder root = FolderWithDamage();
        string person = Directory.CreateDirectory(Path.Combine(root.Path, "obama")).FullName;
        foreach (string file in Directory.GetFiles(root.Path))
        {
            File.Move(file, Path.Combine(person, Path.GetFileName(file)));
        }

        var (code, stdout, _) = CliRunner.Run("audit", root.Path, "--json");
        Assert.Equal(4, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("images").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public void FolderWithSelfLinksIsWalkedOnceAndThePhotoReportedOnce()
    {
        using var folder = new TempFolder();
        File.Copy(Photos[0], folder.File("obama.jpg"));
        Directory.CreateSymbolicLink(folder.File("self1"), folder.Path);
        Directory.CreateSymbolicLink(folder.File("self2"), folder.Path);
        string sub = Directory.CreateDirectory(folder.File("sub")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(sub, "up"), folder.Path);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, stdout, stderr) = CliRunner.Run("embed", folder.Path, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("images").GetArrayLength());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void FifoInABatchIsOneErrorNotAHang()
    {
        using TempFolder folder = FolderWithDamage();
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", folder.File("fifo.jpg")))
        {
            mkfifo.WaitForExit();
        }

        var (code, stdout, _) = CliRunner.Run("embed", folder.Path, "--jsonl");
        Assert.Equal(4, code);
        Assert.Contains("\"kind\":\"NotARegularFile\"", stdout);
    }

    [Fact]
    public void HogUpsampleThreeIsAccepted()
    {
        var (code, _, stderr) = CliRunner.Run("embed", Fixtures.Path("data/face_recognition/examples/obama_small.jpg"), "--front-end", "dlib", "--upsample", "3");
        Assert.True(code == 0, stderr);
        var (ssd, _, _) = CliRunner.Run("embed", Photos[0], "--front-end", "face-api", "--upsample", "3");
        Assert.Equal(2, ssd); // the SSD front end tiles up to 2
    }
}
