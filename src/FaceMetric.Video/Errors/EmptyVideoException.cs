namespace FaceMetric.Video;

/// <summary>The input has zero length (an empty file), or its video stream holds no frame at all.</summary>
public sealed class EmptyVideoException : VideoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The video.</param>
    /// <param name="reason">"0 bytes" or "no frames".</param>
    public EmptyVideoException(string path, string reason)
        : base(path, $"{path}: empty video ({reason})")
    {
    }
}
