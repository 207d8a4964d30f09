using FaceMetric.Onnx;

namespace FaceMetric.Detection;

/// <summary>Settings of a <see cref="CnnFaceDetector"/>. Immutable; the defaults are face_recognition's use of dlib's CNN detector.</summary>
public sealed record CnnDetectorOptions
{
    /// <summary>The largest <see cref="Upsample"/> value accepted: 3.</summary>
    public const int MaxUpsample = 3;

    /// <summary>
    /// Model file, folder and ONNX Runtime settings (threads, graph optimisation, execution provider: this network gains
    /// most from a GPU); the file defaults to <c>mmod_human_face_detector.onnx</c>. Unset parts are inherited from
    /// <see cref="FaceAnalyzerOptions.Models"/> when the analyzer builds the component.
    /// </summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>
    /// How many times the photo is doubled (dlib's <c>pyramid_up</c>) before detection, as the
    /// <c>upsample_num_times</c> of dlib's Python <c>cnn_face_detection_model_v1</c>. The network's window is 80 x 80
    /// pixels and dlib's pyramid shrinks the photo by 5/6 per level, so without upsampling it finds faces of about
    /// 80 pixels and up; once (the default, face_recognition's <c>number_of_times_to_upsample=1</c>) about 40. Each step
    /// costs about four times the work. Must be in 0..<see cref="MaxUpsample"/>.
    /// </summary>
    public int Upsample { get; init; } = 1;

    /// <summary>
    /// dlib's <c>adjust_threshold</c>: a window is a detection when its score is strictly greater than this. 0 (the
    /// default) is dlib's; negative values find more faces and more false detections. Must be finite.
    /// </summary>
    public double AdjustThreshold { get; init; }

    /// <summary>
    /// The largest tiled pyramid image (rows x columns, after upsampling) the detector will run the network on.
    /// The tiled image is about 3.6 times the (upsampled) photo's pixels, so the default, 40 megapixels, admits photos of
    /// about 11 megapixels without upsampling and 2.8 upsampled once (a 1920 x 1280 photo upsampled once tiles into
    /// about 36); its input tensor alone takes 12 bytes per pixel. Larger requests fail with a
    /// <see cref="ScanTooLargeException"/> before any work. Within <see cref="FaceDetectorKind.HogThenCnn"/> (the default
    /// front end), where the CNN runs only on photos HOG finds no face in, such a photo is scanned at the largest
    /// upsampling that fits, or downscaled until it fits without upsampling: the limit then bounds the fallback's cost
    /// (about 0.1 s per tiled megapixel on two cores), and lowering it trades small turned faces in large photos for
    /// speed. Must be 1 or more.
    /// </summary>
    public long MaxScannedPixels { get; init; } = 40_000_000;

    /// <summary>
    /// The most photos of one size sent to ONNX Runtime in one run by <see cref="CnnFaceDetector.Detect(IReadOnlyList{SixLabors.ImageSharp.Image{SixLabors.ImageSharp.PixelFormats.Rgb24}})"/>
    /// (a run also stays within <see cref="MaxScannedPixels"/> tiled pixels). Default 4. Must be 1 or more.
    /// </summary>
    public int MaxBatchSize { get; init; } = 4;
}
