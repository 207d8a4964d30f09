namespace FaceMetric.Video;

/// <summary>
/// Base class of the exceptions FaceMetric.Video raises for a video it cannot read: no ffmpeg, a damaged or
/// truncated file, a file that is not a video, a video without frames. Each names the file concerned.
/// </summary>
public abstract class VideoException : FaceMetricException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The video concerned, or null when the failure is not about one file.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    protected VideoException(string? path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The video concerned, or null (a missing ffmpeg concerns no particular file).</summary>
    public string? Path { get; }
}
