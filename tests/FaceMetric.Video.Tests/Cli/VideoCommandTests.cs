using System.Diagnostics;
using System.Text.Json;
using FaceMetric.Video.Tests.TestSupport;

namespace FaceMetric.Video.Tests.Cli;

/// <summary><c>facemetric video</c>: the JSON shape of issue 17, the report, and the exit codes of the other commands.</summary>
public sealed class VideoCommandTests
{
    private static (int ExitCode, string Stdout, string Stderr) Cli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FaceMetric.Cli.dll"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--models");
        psi.ArgumentList.Add(VideoFixtures.Models);
        using Process process = Process.Start(psi)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the CLI did not finish in 5 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void JsonHasTheIssuesShapeAndNamesLinManuelMiranda()
    {
        using var folder = new TempFolder();
        string known = VideoFixtures.KnownFolder(folder, "lin-manuel-miranda.png", "alex-lacamoire.png");
        string report = Path.Combine(folder.Path, "report");
        var (code, stdout, stderr) = Cli("video", VideoFixtures.HamiltonClip, "--known", known, "--every", "25", "--json", "--report", report);
        Assert.True(code == 0, stderr);
        using JsonDocument json = JsonDocument.Parse(stdout);
        JsonElement root = json.RootElement;
        Assert.Equal(VideoFixtures.HamiltonClip, root.GetProperty("video").GetString());
        Assert.Equal(29.97, root.GetProperty("fps").GetDouble(), 2);
        Assert.Equal(275, root.GetProperty("frames").GetInt32());
        Assert.Equal(11, root.GetProperty("sampled").GetInt32());
        JsonElement lin = root.GetProperty("people").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "lin-manuel-miranda");
        Assert.True(lin.GetProperty("known").GetBoolean());
        Assert.True(lin.GetProperty("faces").GetInt32() >= 3);
        JsonElement first = lin.GetProperty("segments")[0];
        Assert.Equal(0.844, first.GetProperty("start").GetDouble(), 3);
        JsonElement detection = root.GetProperty("detections")[0];
        Assert.Equal(4, detection.GetProperty("box").GetArrayLength());
        Assert.StartsWith("person-", detection.GetProperty("person").GetString(), StringComparison.Ordinal);
        Assert.True(detection.TryGetProperty("frame", out _) && detection.TryGetProperty("time", out _));
        string page = File.ReadAllText(Path.Combine(report, "report.html"));
        Assert.Contains("lin-manuel-miranda", page, StringComparison.Ordinal);
        Assert.Contains("class=\"timeline\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void NotAVideoExitsWith3()
    {
        var (code, _, stderr) = Cli("video", Path.Combine(VideoFixtures.Examples, "obama.jpg"));
        Assert.Equal(3, code);
        Assert.Contains("not a video", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryAndFpsTogetherExitWith2()
    {
        var (code, _, stderr) = Cli("video", VideoFixtures.HamiltonClip, "--every", "5", "--fps", "2");
        Assert.Equal(2, code);
        Assert.Contains("not both", stderr, StringComparison.Ordinal);
    }
}
