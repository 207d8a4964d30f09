using FaceMetric.Onnx;

namespace FaceMetric.Detection;

/// <summary>Settings of an <see cref="SsdFaceDetector"/>. Immutable; the defaults are face-api.js's.</summary>
public sealed record SsdDetectorOptions
{
    /// <summary>The largest <see cref="Upsample"/> value accepted: 2 (at most 7 x 7 tiles at that level).</summary>
    public const int MaxUpsample = 2;

    /// <summary>Model file, folder and ONNX Runtime settings; the file defaults to <c>ssd_mobilenetv1_face.onnx</c>. Unset parts are inherited from <see cref="FaceAnalyzerOptions.Models"/> when the analyzer builds the component.</summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>
    /// A face is kept when its score is strictly greater than this. Default 0.5 (face-api's minConfidence).
    /// Must be in [0, 1).
    /// </summary>
    public float MinScore { get; init; } = 0.5f;

    /// <summary>
    /// Non-maximum suppression: a box whose intersection-over-union with a higher-scoring kept box is greater than
    /// this is dropped. Default 0.5 (face-api's fixed value). Must be in (0, 1].
    /// </summary>
    public float IouThreshold { get; init; } = 0.5f;

    /// <summary>The most faces returned per image, highest scores first. Default 100 (face-api's maxResults). Must be 1 or more.</summary>
    public int MaxResults { get; init; } = 100;

    /// <summary>
    /// How many times to double the resolution the detector sees, for small faces, as dlib's
    /// <c>upsample_num_times</c> does. 0 (the default) runs the network once on the whole photo, exactly as face-api
    /// does. Level k adds overlapping square tiles of 1/2^k of the photo's longer side (stride half a tile), each
    /// resized to the network's 512 input, so faces look 2^k times larger; a tile box touching an inner tile edge is
    /// dropped (its face is whole in a neighbouring tile), and a box that overlaps a face already found at a coarser
    /// level by more than half of the smaller box is a duplicate. Level 1 costs 9 more network runs (up to: tiles
    /// wholly outside a non-square photo are skipped), level 2 another 49. Each level also gives the network more
    /// chances at a false detection (at level 2 a hand in face_recognition's two_people.jpg scores 0.71); level 1
    /// adds none on the project's reference photos. Must be in 0..<see cref="MaxUpsample"/>.
    /// </summary>
    public int Upsample { get; init; }

    /// <summary>
    /// The most images (the photo or its tiles) sent to ONNX Runtime in one run. Default 4. Must be 1 or more.
    /// </summary>
    public int MaxBatchSize { get; init; } = 4;
}
