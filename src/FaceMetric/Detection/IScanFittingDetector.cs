using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Detection;

/// <summary>
/// A detector that can hold a scan to its size limit instead of refusing the photo: the default front end's
/// (<see cref="FallbackFaceDetector"/>) way of calling dlib's HOG and CNN detectors, so that a large photo is scanned
/// rather than lost.
/// </summary>
internal interface IScanFittingDetector : IFaceDetector
{
    /// <summary>
    /// The faces at the detector's upsampling where the scan fits its limit, exactly as <see cref="IFaceDetector.Detect"/>
    /// gives them; otherwise at the largest upsampling that fits, and where not even the photo as it is fits, on a copy
    /// downscaled until it does (boxes mapped back to the photo). Never throws <see cref="ScanTooLargeException"/>.
    /// </summary>
    /// <param name="image">The photo; only read.</param>
    /// <param name="maxThreads">The most threads the call may use (1 or more).</param>
    /// <returns>The faces, highest score first, in the photo's pixels.</returns>
    IReadOnlyList<DetectedFace> DetectFitted(Image<Rgb24> image, int maxThreads);
}
