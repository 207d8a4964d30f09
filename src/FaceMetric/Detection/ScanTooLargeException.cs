namespace FaceMetric.Detection;

/// <summary>
/// A photo that a detector will not scan at its upsampling: the scanned image (<see cref="HogDetectorOptions.MaxScannedPixels"/>)
/// or tiled pyramid (<see cref="CnnDetectorOptions.MaxScannedPixels"/>) would exceed the detector's limit. Thrown before
/// any work. <see cref="FaceAnalyzer.AnalyzeFiles"/> reports it as the photo's error
/// (<see cref="Imaging.FaceImageError.TooLargeToDetect"/>) and goes on with the next photo. The default front end's
/// detector (<see cref="FaceDetectorKind.HogThenCnn"/>) does not throw it: it scans such a photo at a lower upsampling,
/// or a downscaled copy of it.
/// </summary>
public sealed class ScanTooLargeException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was too large, and the limit.</param>
    /// <param name="paramName">The argument that held the photo.</param>
    public ScanTooLargeException(string message, string? paramName)
        : base(message, paramName)
    {
    }
}
