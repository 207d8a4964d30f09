using FaceMetric.Onnx;

namespace FaceMetric.Landmarks;

/// <summary>Settings of an <see cref="OnnxLandmarkDetector"/>. Immutable.</summary>
public sealed record LandmarkDetectorOptions
{
    /// <summary>Model file, folder and ONNX Runtime settings; the file defaults to <c>face_landmark_68.onnx</c>. Unset parts are inherited from <see cref="FaceAnalyzerOptions.Models"/> when the analyzer builds the component.</summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>The most faces sent to ONNX Runtime in one run; larger batches are split. Default 32. Must be 1 or more.</summary>
    public int MaxBatchSize { get; init; } = 32;
}
