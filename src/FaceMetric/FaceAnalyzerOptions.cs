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

    /// <summary>
    /// Detector settings (score threshold, NMS, upsampling for small faces). Its model directory and inference
    /// settings are taken from this object unless set there.
    /// </summary>
    public FaceDetectorOptions Detector { get; init; } = new();

    /// <summary>Descriptor settings (batch size, jitter). Its model directory and inference settings are taken from this object unless set there.</summary>
    public FaceEmbedderOptions Embedder { get; init; } = new();

    /// <summary>Limits applied when the analyzer loads images from files, streams or bytes.</summary>
    public ImageLimits ImageLimits { get; init; } = new();
}
