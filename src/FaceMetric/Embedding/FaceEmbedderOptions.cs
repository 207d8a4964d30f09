using FaceMetric.Onnx;

namespace FaceMetric.Embedding;

/// <summary>Settings of an <see cref="OnnxFaceEmbedder"/>. Immutable.</summary>
public sealed record FaceEmbedderOptions
{
    /// <summary>
    /// Path of the recognition ONNX model. Null: <c>dlib_face_recognition_resnet_model_v1.onnx</c> in
    /// <see cref="ModelDirectory"/>.
    /// </summary>
    public string? ModelPath { get; init; }

    /// <summary>Folder holding the shipped models. Null: the <c>models</c> folder next to the application.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>ONNX Runtime settings (threads, graph optimisation).</summary>
    public InferenceOptions Inference { get; init; } = new();

    /// <summary>
    /// The most chips sent to ONNX Runtime in one run; larger batches are split. Default 16 (batches beyond 8 add
    /// little speed on CPU and cost memory). Must be 1 or more.
    /// </summary>
    public int MaxBatchSize { get; init; } = 16;
}
