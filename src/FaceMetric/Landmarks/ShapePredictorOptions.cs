using FaceMetric.Onnx;

namespace FaceMetric.Landmarks;

/// <summary>Settings of a <see cref="DlibShapePredictor"/>. Immutable.</summary>
public sealed record ShapePredictorOptions
{
    /// <summary>
    /// The model file: <see cref="ModelOptions.FilePath"/> is dlib's <c>.dat</c> file; when null,
    /// <see cref="DlibShapePredictor.DebianModelPath"/> (the model is not shipped: 95 MB, trained on iBUG 300-W, whose
    /// licence excludes commercial use). The directory and inference settings are not used.
    /// </summary>
    public ModelOptions Model { get; init; } = new();
}
