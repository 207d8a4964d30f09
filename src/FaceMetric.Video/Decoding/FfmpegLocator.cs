using FFMpegCore;

namespace FaceMetric.Video.Decoding;

/// <summary>
/// Finds the <c>ffmpeg</c> and <c>ffprobe</c> programs before anything runs, so that a missing FFmpeg is one clear
/// <see cref="FfmpegNotFoundException"/> rather than a process-start error from deep inside FFMpegCore.
/// </summary>
internal static class FfmpegLocator
{
    /// <summary>FFMpegCore's options for a run: the given folder, else <c>PATH</c> (both programs checked).</summary>
    /// <exception cref="FfmpegNotFoundException">A program is missing.</exception>
    public static FFOptions Options(string? folder)
    {
        Require("ffprobe", folder);
        Require("ffmpeg", folder);
        return new FFOptions { BinaryFolder = folder ?? string.Empty };
    }

    private static void Require(string program, string? folder)
    {
        string file = OperatingSystem.IsWindows() ? program + ".exe" : program;
        if (folder is not null)
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                throw new FfmpegNotFoundException(program, $"the folder '{folder}'");
            }

            return;
        }

        string[] entries = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        if (!entries.Any(entry => File.Exists(Path.Combine(entry, file))))
        {
            throw new FfmpegNotFoundException(program, "PATH");
        }
    }
}
