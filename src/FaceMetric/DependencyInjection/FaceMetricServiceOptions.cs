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

    /// <summary>Detector settings (score threshold, NMS, upsampling). Model directory and inference settings come from this object.</summary>
    public FaceDetectorOptions Detector { get; set; } = new();

    /// <summary>Embedder settings (batch size, jitter, mirror averaging). Model directory and inference settings come from this object.</summary>
    public FaceEmbedderOptions Embedder { get; set; } = new();

    /// <summary>Limits for images the analyzer loads from files, streams or bytes.</summary>
    public ImageLimits ImageLimits { get; set; } = new();

    /// <summary>The verification threshold of the registered <see cref="FaceMatcher"/>; default 0.6 (dlib's rule).</summary>
    public float MatchThreshold { get; set; } = FaceMatcher.DefaultThreshold;
}
