namespace FaceMetric.Video;

/// <summary>
/// The <c>ffmpeg</c> or <c>ffprobe</c> program was not found (on <c>PATH</c>, or in the folder
/// <see cref="VideoPeopleOptions.FfmpegFolder"/> names). Install FFmpeg: Debian/Ubuntu <c>apt-get install ffmpeg</c>,
/// Windows <c>winget install ffmpeg</c>, macOS <c>brew install ffmpeg</c>.
/// </summary>
public sealed class FfmpegNotFoundException : VideoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="program">The program that is missing (<c>ffmpeg</c> or <c>ffprobe</c>).</param>
    /// <param name="searched">Where it was looked for (a folder, or "PATH").</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public FfmpegNotFoundException(string program, string searched, Exception? innerException = null)
        : base(null, $"'{program}' was not found in {searched}; install FFmpeg 5.1 or newer (Debian/Ubuntu: apt-get install ffmpeg; Windows: winget install ffmpeg; macOS: brew install ffmpeg)", innerException)
    {
        Program = program;
    }

    /// <summary>The program that is missing: <c>ffmpeg</c> or <c>ffprobe</c>.</summary>
    public string Program { get; }
}
