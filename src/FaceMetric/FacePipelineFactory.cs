using FaceMetric.Alignment;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Landmarks;
using Microsoft.Extensions.Logging;

namespace FaceMetric;

/// <summary>
/// The one place that turns <see cref="FaceAnalyzerOptions"/> into the pipeline's components: <see cref="FaceAnalyzer"/>,
/// <c>AddFaceMetric</c> and the sample CLI all build through it, so they cannot disagree.
/// </summary>
/// <remarks>
/// Each method merges a component's <see cref="Onnx.ModelOptions"/> with <see cref="FaceAnalyzerOptions.Models"/> (the
/// component's own directory and inference settings win) and creates the component. The caller owns and disposes
/// what it gets. Thread-safe (stateless).
/// </remarks>
public static class FacePipelineFactory
{
    /// <summary>Creates the detector the options select (<see cref="FaceAnalyzerOptions.Detector"/> or the front end's).</summary>
    /// <param name="options">The pipeline settings.</param>
    /// <returns>A new detector; the caller disposes it.</returns>
    /// <exception cref="FaceModelException">The model file is missing or corrupt.</exception>
    /// <exception cref="Onnx.ExecutionProviderUnavailableException">The requested execution provider cannot be used.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A detector setting is out of range.</exception>
    public static IFaceDetector CreateDetector(FaceAnalyzerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DetectorInForce switch
        {
            FaceDetectorKind.Hog => new HogFaceDetector(options.Hog with { Model = options.Hog.Model.InheritFrom(options.Models) }),
            FaceDetectorKind.Ssd => new SsdFaceDetector(options.Ssd with { Model = options.Ssd.Model.InheritFrom(options.Models) }),
            FaceDetectorKind.Cnn => new CnnFaceDetector(options.Cnn with { Model = options.Cnn.Model.InheritFrom(options.Models) }),
            FaceDetectorKind.HogThenCnn => FallbackFaceDetector.Create(
                () => new HogFaceDetector(options.Hog with { Model = options.Hog.Model.InheritFrom(options.Models) }),
                () => new CnnFaceDetector(options.Cnn with { Model = options.Cnn.Model.InheritFrom(options.Models) })),
            var other => throw new ArgumentOutOfRangeException(nameof(options), other, "Unknown detector."),
        };
    }

    /// <summary>Creates the landmark model the options select (<see cref="FaceAnalyzerOptions.Landmarks"/> or the front end's).</summary>
    /// <param name="options">The pipeline settings.</param>
    /// <returns>A new landmark detector; the caller disposes it.</returns>
    /// <exception cref="FaceModelException">The model file is missing or corrupt.</exception>
    /// <exception cref="Onnx.ExecutionProviderUnavailableException">The requested execution provider cannot be used.</exception>
    public static ILandmarkDetector CreateLandmarkDetector(FaceAnalyzerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.LandmarksInForce switch
        {
            LandmarkModelKind.DlibShapePredictor => new DlibShapePredictor(options.ShapePredictor),
            LandmarkModelKind.FaceApi68 => new OnnxLandmarkDetector(
                options.FaceApiLandmarks with { Model = options.FaceApiLandmarks.Model.InheritFrom(options.Models) }),
            LandmarkModelKind.FaceApi68DlibCorrected => new DlibCorrectedLandmarkDetector(new OnnxLandmarkDetector(
                options.FaceApiLandmarks with { Model = options.FaceApiLandmarks.Model.InheritFrom(options.Models) })),
            var other => throw new ArgumentOutOfRangeException(nameof(options), other, "Unknown landmark model."),
        };
    }

    /// <summary>Creates dlib's recognition network with the options' embedder settings.</summary>
    /// <param name="options">The pipeline settings.</param>
    /// <param name="loggerFactory">Optional: receives the model load.</param>
    /// <returns>A new embedder; the caller disposes it.</returns>
    /// <exception cref="FaceModelException">The model file is missing or corrupt.</exception>
    /// <exception cref="Onnx.ExecutionProviderUnavailableException">The requested execution provider cannot be used.</exception>
    public static OnnxFaceEmbedder CreateEmbedder(FaceAnalyzerOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Test-time mirror averaging left unset is the front end's choice: on for the default front end, where it pays
        // on LFW View 1 DevTrain; off for dlib's own (bit-exact descriptors) and face-api's.
        return new OnnxFaceEmbedder(
            options.Embedder with
            {
                Model = options.Embedder.Model.InheritFrom(options.Models),
                AverageWithMirror = options.Embedder.AverageWithMirror ?? options.FrontEnd == FaceFrontEnd.DlibCompatible,
            },
            loggerFactory?.CreateLogger<OnnxFaceEmbedder>());
    }
}
