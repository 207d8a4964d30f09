using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using FaceMetric.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Cli;

/// <summary>
/// How commands build the library's objects: models from --models DIR, else FACEMETRIC_MODELS, else the models
/// folder next to the program; --upsample N for small faces; images loaded with the library's limits.
/// </summary>
internal static class CliModels
{
    /// <summary>Options every command that analyses photos accepts.</summary>
    /// <summary><c>--workers N</c>: photos decoded, detected and placed at once by the batch commands that overlap (0: one per core).</summary>
    public const string WorkersOption = "workers";

    public static readonly string[] AnalyzerOptions = ["models", "upsample", "front-end", "detector", "landmarks", "shape-predictor"];

    /// <summary>
    /// The flag that turns on <see cref="FaceAnalyzerOptions.CentredFallback"/>: where the detector finds no face, the
    /// centred box is described (and reported with <c>"fallback": true</c>). Commands that accept it list it.
    /// </summary>
    public const string CentreFallbackFlag = "centre-fallback";

    public static string? Directory(ParsedArguments args) =>
        args.Value("models") ?? Environment.GetEnvironmentVariable("FACEMETRIC_MODELS");

    /// <summary>
    /// The one translation of the command line into the library's pipeline options (--models, --front-end,
    /// --detector ssd|hog|cnn, --landmarks face-api|dlib, --shape-predictor PATH, --upsample); every command that builds
    /// models goes through it and <see cref="FacePipelineFactory"/>. --detector and --landmarks override the front end's
    /// choice; --shape-predictor (any dlib predictor, 68 or 5 points) implies --landmarks dlib.
    /// </summary>
    public static FaceAnalyzerOptions Options(ParsedArguments args, FaceEmbedderOptions? embedder = null, InferenceOptions? inference = null)
    {
        var options = new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = Directory(args), Inference = inference },
            FrontEnd = FrontEnd(args),
            Detector = Detector(args),
            Landmarks = Landmarks(args),
            Embedder = embedder ?? new FaceEmbedderOptions(),
            CentredFallback = args.Flag(CentreFallbackFlag),
            PhotoWorkers = args.Int(WorkersOption, 0, 0, 256),
        };
        if (args.Value("shape-predictor") is string predictor)
        {
            options = options with { ShapePredictor = new ShapePredictorOptions { Model = new ModelOptions { FilePath = predictor } } };
        }

        // --upsample applies to the detectors in force, within each detector's own limit.
        FaceDetectorKind detector = options.Detector ?? options.FrontEnd switch
        {
            FaceFrontEnd.Dlib => FaceDetectorKind.Hog,
            FaceFrontEnd.DlibCompatible => FaceDetectorKind.HogThenCnn,
            _ => FaceDetectorKind.Ssd,
        };
        if (detector is FaceDetectorKind.Hog or FaceDetectorKind.HogThenCnn)
        {
            options = options with { Hog = options.Hog with { Upsample = args.Int("upsample", options.Hog.Upsample, 0, HogDetectorOptions.MaxUpsample) } };
        }

        if (detector is FaceDetectorKind.Cnn or FaceDetectorKind.HogThenCnn)
        {
            options = options with { Cnn = options.Cnn with { Upsample = args.Int("upsample", options.Cnn.Upsample, 0, CnnDetectorOptions.MaxUpsample) } };
        }

        return detector == FaceDetectorKind.Ssd
            ? options with { Ssd = options.Ssd with { Upsample = args.Int("upsample", options.Ssd.Upsample, 0, SsdDetectorOptions.MaxUpsample) } }
            : options;
    }

    private static FaceDetectorKind? Detector(ParsedArguments args) => args.Value("detector") switch
    {
        null => null,
        "ssd" => FaceDetectorKind.Ssd,
        "hog" => FaceDetectorKind.Hog,
        "cnn" => FaceDetectorKind.Cnn,
        "hog-cnn" => FaceDetectorKind.HogThenCnn,
        string other => throw CliException.BadArguments($"--detector must be ssd, hog, cnn or hog-cnn, not '{other}'"),
    };

    private static LandmarkModelKind? Landmarks(ParsedArguments args) => args.Value("landmarks") switch
    {
        null when args.Value("shape-predictor") is not null => LandmarkModelKind.DlibShapePredictor,
        null => null,
        "face-api" => LandmarkModelKind.FaceApi68,
        "face-api-corrected" => LandmarkModelKind.FaceApi68DlibCorrected,
        "dlib" => LandmarkModelKind.DlibShapePredictor,
        string other => throw CliException.BadArguments($"--landmarks must be face-api, face-api-corrected or dlib, not '{other}'"),
    };

    /// <summary>The analyzer the command line asks for.</summary>
    public static FaceAnalyzer Analyzer(ParsedArguments args, FaceEmbedderOptions? embedder = null) => new(Options(args, embedder));

    /// <summary>The embedder alone (for commands that take aligned chips), with the command line's model folder.</summary>
    public static OnnxFaceEmbedder Embedder(ParsedArguments args, InferenceOptions? inference = null) =>
        FacePipelineFactory.CreateEmbedder(Options(args, new FaceEmbedderOptions { AverageWithMirror = false }, inference)); // chips in, as dlib embeds them: no front end, no mirror

    private static FaceFrontEnd FrontEnd(ParsedArguments args) => args.Value("front-end") switch
    {
        null or "dlib-compatible" => FaceFrontEnd.DlibCompatible,
        "face-api" => FaceFrontEnd.FaceApi,
        "dlib" => FaceFrontEnd.Dlib,
        string other => throw CliException.BadArguments($"--front-end must be dlib-compatible, face-api or dlib, not '{other}'"),
    };

    /// <summary>Loads a photo; an unreadable one becomes exit code 3 with the library's message.</summary>
    public static Image<Rgb24> Load(string path)
    {
        try
        {
            return FaceImage.Load(path);
        }
        catch (FaceImageException e)
        {
            throw CliException.BadInput(e.Message);
        }
    }
}
