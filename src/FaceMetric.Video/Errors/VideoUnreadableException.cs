namespace FaceMetric.Video;

/// <summary>
/// The file is a video container (its first bytes say so) but FFmpeg cannot read it through: it is truncated (fewer
/// frames decode than its header announces, or its index is missing) or damaged (ffmpeg fails while decoding), or it
/// cannot be opened at all.
/// </summary>
public sealed class VideoUnreadableException : VideoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The video.</param>
    /// <param name="reason">Why it could not be read (FFmpeg's last error line where there is one).</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public VideoUnreadableException(string path, string reason, Exception? innerException = null)
        : base(path, $"{path}: unreadable or truncated video: {reason}", innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the video could not be read.</summary>
    public string Reason { get; }
}
