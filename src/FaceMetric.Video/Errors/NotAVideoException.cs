namespace FaceMetric.Video;

/// <summary>
/// The file is not a video: FFmpeg recognises no container in it, or it holds no video stream (audio only), or it
/// is a still image.
/// </summary>
public sealed class NotAVideoException : VideoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="reason">What FFmpeg found instead of a video.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public NotAVideoException(string path, string reason, Exception? innerException = null)
        : base(path, $"{path}: not a video: {reason}", innerException)
    {
    }
}
