using FaceMetric.Onnx;

namespace FaceMetric.Detection;

/// <summary>Settings of a <see cref="HogFaceDetector"/>. Immutable; the defaults are face_recognition's use of dlib.</summary>
public sealed record HogDetectorOptions
{
    /// <summary>The largest <see cref="Upsample"/> value accepted: 3.</summary>
    public const int MaxUpsample = 3;

    /// <summary>Model file and folder (the file defaults to <c>dlib_frontal_face_detector.hog</c>; inference settings are not used: HOG runs in C#). Unset parts are inherited from <see cref="FaceAnalyzerOptions.Models"/> when the analyzer builds the component.</summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>
    /// How many times the photo is doubled (dlib's <c>pyramid_up</c>) before it is scanned, as dlib's
    /// <c>upsample_num_times</c>. The filters see faces of about 80 x 80 pixels and larger, so once (the default,
    /// face_recognition's <c>number_of_times_to_upsample=1</c>) finds faces down to about 40 pixels; each step costs about
    /// four times the work. Must be in 0..<see cref="MaxUpsample"/>.
    /// </summary>
    public int Upsample { get; init; } = 1;

    /// <summary>
    /// Added to every filter's threshold: 0 (the default) is dlib's; negative values find more faces and more false
    /// detections, positive values fewer of both. Must be finite.
    /// </summary>
    public double AdjustThreshold { get; init; }

    /// <summary>
    /// The largest image, in pixels after upsampling, the detector will scan. Default 100 megapixels (a 5000 x 5000
    /// photo upsampled once); larger requests fail with a <see cref="ScanTooLargeException"/> instead of allocating
    /// gigabytes. Within <see cref="FaceDetectorKind.HogThenCnn"/> (the default front end) such a photo is scanned at
    /// the largest upsampling that fits instead (a 30-megapixel photo without upsampling). Must be 1 or more.
    /// </summary>
    public long MaxScannedPixels { get; init; } = 100_000_000;
}
