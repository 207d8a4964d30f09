namespace FaceMetric.Onnx;

/// <summary>
/// The part every component's options share: where its model file is and how ONNX Runtime runs it. Composed into
/// <see cref="Detection.SsdDetectorOptions"/>, <see cref="Detection.HogDetectorOptions"/>,
/// <see cref="Landmarks.LandmarkDetectorOptions"/>, <see cref="Landmarks.ShapePredictorOptions"/> and
/// <see cref="Embedding.FaceEmbedderOptions"/>, and, as the default for all of them, into
/// <see cref="FaceAnalyzerOptions.Models"/>. Immutable.
/// </summary>
/// <remarks>
/// A component's own value wins; where it is null the analyzer's <see cref="FaceAnalyzerOptions.Models"/> value is
/// used; where that is null too, the built-in default (the <c>models</c> folder next to the application; CPU with
/// ONNX Runtime's thread defaults). The merge is written once, in the pipeline factory.
/// </remarks>
public sealed record ModelOptions
{
    /// <summary>The model file itself; null: the component's shipped file name inside <see cref="Directory"/>.</summary>
    public string? FilePath { get; init; }

    /// <summary>Folder holding the shipped models; null: the <c>models</c> folder next to the application.</summary>
    public string? Directory { get; init; }

    /// <summary>ONNX Runtime settings (threads, optimisation, execution provider); null: inherited, else the defaults. Ignored by the HOG detector and the shape predictor, which do not use ONNX Runtime.</summary>
    public InferenceOptions? Inference { get; init; }

    /// <summary>This component's settings, with the unset directory and inference taken from <paramref name="shared"/>.</summary>
    internal ModelOptions InheritFrom(ModelOptions shared) =>
        new() { FilePath = FilePath, Directory = Directory ?? shared.Directory, Inference = Inference ?? shared.Inference };

    /// <summary>The full path of the model file: <see cref="FilePath"/>, else <paramref name="defaultFileName"/> in the directory.</summary>
    internal string ResolvePath(string defaultFileName) => ModelFiles.Resolve(FilePath, Directory, defaultFileName);

    /// <summary>The inference settings to open a session with.</summary>
    internal InferenceOptions ResolvedInference => Inference ?? InferenceOptions.Default;
}
