using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
using FaceMetric.Matching;
using FaceMetric.Onnx;

namespace FaceMetric.DependencyInjection;

/// <summary>
/// What <see cref="Microsoft.Extensions.DependencyInjection.FaceMetricServiceCollectionExtensions.AddFaceMetric"/>
/// registers, set in its configuration callback. The immutable option records of each component are built from it
/// once, when the first FaceMetric service is resolved.
/// </summary>
public sealed class FaceMetricServiceOptions
{
    /// <summary>Folder holding the shipped models; null: the <c>models</c> folder next to the application.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>ONNX Runtime settings for all three networks (threads, optimisation, CPU or CUDA).</summary>
    public InferenceOptions Inference { get; set; } = new();

    /// <summary>Which detector and landmark model are registered. Default <see cref="FaceFrontEnd.FaceApi"/>.</summary>
    public FaceFrontEnd FrontEnd { get; set; } = FaceFrontEnd.FaceApi;

    /// <summary>SSD detector settings (score threshold, NMS, upsampling), for <see cref="FaceFrontEnd.FaceApi"/>. Model directory and inference settings come from this object.</summary>
    public FaceDetectorOptions Detector { get; set; } = new();

    /// <summary>HOG detector settings, for <see cref="FaceFrontEnd.Dlib"/>. The model directory comes from this object unless set there.</summary>
    public HogDetectorOptions HogDetector { get; set; } = new();

    /// <summary>dlib's 68-point shape predictor file, for <see cref="FaceFrontEnd.Dlib"/>; null for <see cref="Landmarks.DlibShapePredictor.DebianModelPath"/>.</summary>
    public string? ShapePredictorPath { get; set; }

    /// <summary>Embedder settings (batch size, jitter, mirror averaging). Model directory and inference settings come from this object.</summary>
    public FaceEmbedderOptions Embedder { get; set; } = new();

    /// <summary>Limits for images the analyzer loads from files, streams or bytes.</summary>
    public ImageLimits ImageLimits { get; set; } = new();

    /// <summary>The verification threshold of the registered <see cref="FaceMatcher"/>; default 0.6 (dlib's rule).</summary>
    public float MatchThreshold { get; set; } = FaceMatcher.DefaultThreshold;
}
