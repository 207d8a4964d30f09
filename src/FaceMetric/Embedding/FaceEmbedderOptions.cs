using FaceMetric.Onnx;

namespace FaceMetric.Embedding;

/// <summary>Settings of an <see cref="OnnxFaceEmbedder"/>. Immutable.</summary>
public sealed record FaceEmbedderOptions
{
    /// <summary>Model file, folder and ONNX Runtime settings; the file defaults to <c>dlib_face_recognition_resnet_model_v1.onnx</c>. Unset parts are inherited from <see cref="FaceAnalyzerOptions.Models"/> when the analyzer builds the component.</summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>
    /// The most chips sent to ONNX Runtime in one run; larger batches are split. Default 16 (batches beyond 8 add
    /// little speed on CPU and cost memory). Must be 1 or more.
    /// </summary>
    public int MaxBatchSize { get; init; } = 16;

    /// <summary>
    /// When true, each descriptor is the mean of the descriptors of the chip and of its left-right mirror image
    /// (twice the network's cost). A cheap, deterministic test-time augmentation; ignored when <see cref="JitterCount"/>
    /// is set (dlib's jitter already mirrors half of its copies). Null (default): the analyzer's front end decides: on
    /// for <see cref="FaceFrontEnd.DlibCompatible"/> (LFW View 1 DevTrain: 99.27% against 99.14% without), off for
    /// <see cref="FaceFrontEnd.Dlib"/> (dlib's own descriptors, bit for bit) and <see cref="FaceFrontEnd.FaceApi"/>;
    /// an embedder created on its own treats null as off.
    /// </summary>
    public bool? AverageWithMirror { get; init; }

    /// <summary>
    /// dlib's test-time jitter: when above 0, each descriptor is the mean over this many randomly jittered copies of
    /// the chip (dlib's <c>jitter_image</c>: translate up to 2%, object height in [0.97, 1), rotate up to 3 degrees,
    /// mirror half of them). dlib's example uses 100 (99.38% on LFW against 99.13% without). Costs that many forward
    /// passes per face. 0 (default) turns it off; at most 1000.
    /// </summary>
    public int JitterCount { get; init; }

    /// <summary>
    /// The seed of the jitter's random generator (dlib::rand's string seed; null or empty: dlib's default seed). Every
    /// chip is jittered with the same sequence, so a chip's descriptor does not depend on what else is in the batch.
    /// </summary>
    public string? JitterSeed { get; init; }
}
