using FaceMetric.Onnx;

namespace FaceMetric.Landmarks;

/// <summary>Settings of an <see cref="OnnxLandmarkDetector"/>. Immutable.</summary>
public sealed record LandmarkDetectorOptions
{
    /// <summary>
    /// Path of the landmark ONNX model. Null: <c>face_landmark_68.onnx</c> in <see cref="ModelDirectory"/>.
    /// </summary>
    public string? ModelPath { get; init; }

    /// <summary>Folder holding the shipped models. Null: the <c>models</c> folder next to the application.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>ONNX Runtime settings (threads, graph optimisation).</summary>
    public InferenceOptions Inference { get; init; } = new();

    /// <summary>The most faces sent to ONNX Runtime in one run; larger batches are split. Default 32. Must be 1 or more.</summary>
    public int MaxBatchSize { get; init; } = 32;
}
