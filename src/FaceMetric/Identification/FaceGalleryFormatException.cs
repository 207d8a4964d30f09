namespace FaceMetric.Identification;

/// <summary>
/// Thrown by <see cref="FaceGallery.Load"/> when a file is not a valid gallery; <see cref="Reason"/> says why and
/// the message names the file and what was found. Nothing is loaded when it is thrown.
/// </summary>
public sealed class FaceGalleryFormatException : FaceMetricException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The gallery file.</param>
    /// <param name="reason">The kind of problem.</param>
    /// <param name="detail">What was found, in words.</param>
    public FaceGalleryFormatException(string path, FaceGalleryFormatError reason, string detail)
        : base($"Cannot load face gallery '{path}': {detail}")
    {
        FilePath = path;
        Reason = reason;
    }

    /// <summary>The gallery file that was refused.</summary>
    public string FilePath { get; }

    /// <summary>The kind of problem.</summary>
    public FaceGalleryFormatError Reason { get; }
}
