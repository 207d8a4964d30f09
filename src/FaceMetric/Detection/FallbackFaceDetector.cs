using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Detection;

/// <summary>
/// Runs a first detector, and a second one only on the photos where the first finds no face
/// (<see cref="FaceDetectorKind.HogThenCnn"/>: dlib's HOG, then dlib's CNN). Owns and disposes both.
/// </summary>
/// <remarks>Thread-safe when both detectors are.</remarks>
internal sealed class FallbackFaceDetector : IThreadBudgetedDetector
{
    private readonly IFaceDetector _first;
    private readonly IFaceDetector _second;

    private FallbackFaceDetector(IFaceDetector first, IFaceDetector second)
    {
        _first = first;
        _second = second;
    }

    /// <summary>Creates both detectors; if the second cannot be created, the first is disposed before the error propagates.</summary>
    /// <param name="first">Creates the detector that runs on every photo.</param>
    /// <param name="second">Creates the detector that runs where the first finds nothing.</param>
    /// <returns>The composed detector.</returns>
    public static FallbackFaceDetector Create(Func<IFaceDetector> first, Func<IFaceDetector> second)
    {
        IFaceDetector a = first();
        try
        {
            return new FallbackFaceDetector(a, second());
        }
        catch
        {
            a.Dispose();
            throw;
        }
    }

    /// <summary>The detector that runs on every photo.</summary>
    internal IFaceDetector First => _first;

    /// <summary>The detector that runs where <see cref="First"/> finds no face.</summary>
    internal IFaceDetector Second => _second;

    /// <inheritdoc />
    /// <remarks>A detector with a scan limit (dlib's HOG and CNN) is held to it rather than refusing the photo: a photo
    /// whose scan would exceed it is scanned at a lower upsampling, or downscaled (<see cref="IScanFittingDetector"/>).</remarks>
    public IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image) => Detect(image, Environment.ProcessorCount);

    /// <inheritdoc />
    public IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image, int maxThreads)
    {
        IReadOnlyList<DetectedFace> faces = Fitted(_first, image, maxThreads);
        return faces.Count > 0 ? faces : Fitted(_second, image, maxThreads);
    }

    private static IReadOnlyList<DetectedFace> Fitted(IFaceDetector detector, Image<Rgb24> image, int maxThreads) =>
        detector is IScanFittingDetector fitting ? fitting.DetectFitted(image, maxThreads) : detector.DetectWithin(image, maxThreads);

    /// <inheritdoc />
    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
