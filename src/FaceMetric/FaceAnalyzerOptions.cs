using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using FaceMetric.Onnx;

namespace FaceMetric;

/// <summary>
/// Everything that decides the pipeline a <see cref="FaceAnalyzer"/> (or <c>AddFaceMetric</c>, or
/// <see cref="FacePipelineFactory"/>) builds: which detector and landmark model, each component's own settings, the
/// model location and inference settings they share, and the image limits. Immutable.
/// </summary>
/// <remarks>
/// Each component's options compose a <see cref="ModelOptions"/>; what a component leaves unset (directory, inference)
/// is taken from <see cref="Models"/>. So <c>Models = new() { Inference = cpu }, Embedder = new() { Model = new() { Inference = cuda } }</c>
/// runs only the embedder on the GPU.
/// </remarks>
public sealed record FaceAnalyzerOptions
{
    /// <summary>The model folder and ONNX Runtime settings every component uses unless it sets its own (its <see cref="ModelOptions.FilePath"/> is ignored here).</summary>
    public ModelOptions Models { get; init; } = new();

    /// <summary>
    /// A named preset for <see cref="Detector"/> and <see cref="Landmarks"/> when those are not set. Default
    /// <see cref="FaceFrontEnd.DlibCompatible"/>.
    /// </summary>
    public FaceFrontEnd FrontEnd { get; init; } = FaceFrontEnd.DlibCompatible;

    /// <summary>The face detector; null: the one of <see cref="FrontEnd"/>.</summary>
    public FaceDetectorKind? Detector { get; init; }

    /// <summary>The landmark model; null: the one of <see cref="FrontEnd"/>.</summary>
    public LandmarkModelKind? Landmarks { get; init; }

    /// <summary>Settings of the SSD detector (score threshold, NMS, upsampling), used when the detector is <see cref="FaceDetectorKind.Ssd"/>.</summary>
    public SsdDetectorOptions Ssd { get; init; } = new();

    /// <summary>Settings of the HOG detector (upsampling, threshold), used when the detector is <see cref="FaceDetectorKind.Hog"/>.</summary>
    public HogDetectorOptions Hog { get; init; } = new();

    /// <summary>Settings of dlib's CNN detector (upsampling, threshold, limits), used when the detector is <see cref="FaceDetectorKind.Cnn"/>.</summary>
    public CnnDetectorOptions Cnn { get; init; } = new();

    /// <summary>Settings of face-api's 68-point net, used when the landmark model is <see cref="LandmarkModelKind.FaceApi68"/>.</summary>
    public LandmarkDetectorOptions FaceApiLandmarks { get; init; } = new();

    /// <summary>
    /// dlib's shape predictor file, used when the landmark model is <see cref="LandmarkModelKind.DlibShapePredictor"/>; its
    /// <see cref="ModelOptions.FilePath"/> null means <see cref="DlibShapePredictor.DebianModelPath"/>.
    /// </summary>
    public ShapePredictorOptions ShapePredictor { get; init; } = new();

    /// <summary>Descriptor settings (batch size, mirror averaging, jitter).</summary>
    public FaceEmbedderOptions Embedder { get; init; } = new();

    /// <summary>
    /// When the detector finds no face in a photo, describe the centred box of dlib's LFW protocol instead
    /// (<see cref="DetectedFace.CentredFallback"/>) and mark the face <see cref="AnalyzedFace.IsFallback"/>: for
    /// folders of centred face crops (LFW-style), where every photo is known to hold one face. Default false: a photo
    /// without a detected face gives no face.
    /// </summary>
    public bool CentredFallback { get; init; }

    /// <summary>
    /// How many photos <see cref="FaceAnalyzer.AnalyzeFiles"/> decodes, detects and places at once while the network
    /// embeds earlier ones. 0 (default): one per logical core (<see cref="Environment.ProcessorCount"/>); 1 still overlaps
    /// the front half of the pipeline with the network. The networks' own threads are set by <see cref="Models"/>'
    /// <see cref="InferenceOptions"/>. Must be 0 or more.
    /// </summary>
    public int PhotoWorkers { get; init; }

    /// <summary>Limits applied when the analyzer loads images from files, streams or bytes.</summary>
    public ImageLimits ImageLimits { get; init; } = new();

    /// <summary>The photo workers in force: <see cref="PhotoWorkers"/>, 0 meaning one per logical core.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="PhotoWorkers"/> is negative.</exception>
    internal int PhotoWorkersInForce => PhotoWorkers switch
    {
        0 => Environment.ProcessorCount,
        > 0 => PhotoWorkers,
        _ => throw new ArgumentOutOfRangeException(nameof(PhotoWorkers), PhotoWorkers, "PhotoWorkers must be 0 (one per core) or more."),
    };

    /// <summary>The detector in force: <see cref="Detector"/>, else <see cref="FrontEnd"/>'s.</summary>
    internal FaceDetectorKind DetectorInForce => Detector ?? FrontEnd switch
    {
        FaceFrontEnd.Dlib => FaceDetectorKind.Hog,
        FaceFrontEnd.DlibCompatible => FaceDetectorKind.HogThenCnn,
        _ => FaceDetectorKind.Ssd,
    };

    /// <summary>The landmark model in force: <see cref="Landmarks"/>, else <see cref="FrontEnd"/>'s.</summary>
    internal LandmarkModelKind LandmarksInForce => Landmarks ?? FrontEnd switch
    {
        FaceFrontEnd.Dlib => LandmarkModelKind.DlibShapePredictor,
        FaceFrontEnd.DlibCompatible => LandmarkModelKind.FaceApi68DlibCorrected,
        _ => LandmarkModelKind.FaceApi68,
    };
}
