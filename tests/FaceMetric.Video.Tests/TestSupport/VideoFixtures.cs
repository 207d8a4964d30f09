using System.Diagnostics;

namespace FaceMetric.Video.Tests.TestSupport;

/// <summary>The video fixtures (Fixtures/PROVENANCE.md) and a few helpers that need the ffmpeg program.</summary>
internal static class VideoFixtures
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Examples { get; } = Path.Combine(Root, "data", "face_recognition", "examples");

    /// <summary>short_hamilton_clip.mp4: 640x360, 275 frames, 29.97 fps, first frame shown at 0.844011 s.</summary>
    public static string HamiltonClip { get; } = Existing(Path.Combine(Examples, "short_hamilton_clip.mp4"));

    public static string GroundTruth { get; } = Existing(Path.Combine(Root, "hamilton", "ground_truth.tsv"));

    public static string Models { get; } = Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>A folder holding some of the known-face photos (named by file stem), for --known.</summary>
    public static string KnownFolder(TempFolder folder, params string[] files)
    {
        string dir = Path.Combine(folder.Path, "known");
        Directory.CreateDirectory(dir);
        foreach (string file in files)
        {
            File.Copy(Path.Combine(Examples, file), Path.Combine(dir, file));
        }

        return dir;
    }

    /// <summary>Runs ffmpeg (tests that make damaged or special videos); fails the test when it fails.</summary>
    public static void Ffmpeg(string arguments)
    {
        var psi = new ProcessStartInfo("ffmpeg", "-nostdin -v error -y " + arguments) { RedirectStandardError = true, UseShellExecute = false };
        using Process process = Process.Start(psi) ?? throw new InvalidOperationException("ffmpeg did not start (run tools/ensure-ffmpeg.sh)");
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg {arguments} failed: {error}");
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"Test fixture missing: {path}", path);
}
