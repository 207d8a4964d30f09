using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using FaceMetric.Onnx;

namespace FaceMetric;

/// <summary>Settings of a <see cref="FaceAnalyzer"/> that creates its own models. Immutable.</summary>
public sealed record FaceAnalyzerOptions
{
    /// <summary>Folder holding the three shipped models. Null: the <c>models</c> folder next to the application.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>ONNX Runtime settings used by all three networks (threads, graph optimisation, execution provider).</summary>
    public InferenceOptions Inference { get; init; } = new();

    /// <summary>Which detector and landmark model find and place the faces. Default <see cref="FaceFrontEnd.FaceApi"/>.</summary>
    public FaceFrontEnd FrontEnd { get; init; } = FaceFrontEnd.FaceApi;

    /// <summary>Settings of the HOG detector, used when <see cref="FrontEnd"/> is <see cref="FaceFrontEnd.Dlib"/>. Its model directory is taken from this object unless set there.</summary>
    public HogDetectorOptions HogDetector { get; init; } = new();

    /// <summary>
    /// dlib's 68-point shape predictor file, used when <see cref="FrontEnd"/> is <see cref="FaceFrontEnd.Dlib"/>.
    /// Null: <see cref="DlibShapePredictor.DebianModelPath"/>.
    /// </summary>
    public string? ShapePredictorPath { get; init; }

    /// <summary>
    /// SSD detector settings (score threshold, NMS, upsampling for small faces), used when <see cref="FrontEnd"/> is
    /// <see cref="FaceFrontEnd.FaceApi"/>. Its model directory and inference
    /// settings are taken from this object unless set there.
    /// </summary>
    public FaceDetectorOptions Detector { get; init; } = new();

    /// <summary>Descriptor settings (batch size, jitter). Its model directory and inference settings are taken from this object unless set there.</summary>
    public FaceEmbedderOptions Embedder { get; init; } = new();

    /// <summary>Limits applied when the analyzer loads images from files, streams or bytes.</summary>
    public ImageLimits ImageLimits { get; init; } = new();
}
