using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
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
    public static readonly string[] AnalyzerOptions = ["models", "upsample", "front-end"];

    public static string? Directory(ParsedArguments args) =>
        args.Value("models") ?? Environment.GetEnvironmentVariable("FACEMETRIC_MODELS");

    /// <summary>
    /// The one translation of the command line into the library's pipeline options (--models, --front-end,
    /// --upsample); every command that builds models goes through it and <see cref="FacePipelineFactory"/>.
    /// </summary>
    public static FaceAnalyzerOptions Options(ParsedArguments args, FaceEmbedderOptions? embedder = null, InferenceOptions? inference = null)
    {
        var options = new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = Directory(args), Inference = inference },
            FrontEnd = FrontEnd(args),
            Embedder = embedder ?? new FaceEmbedderOptions(),
        };

        // --upsample applies to the detector in force, within that detector's own limit.
        FaceDetectorKind detector = options.Detector ?? (options.FrontEnd == FaceFrontEnd.Dlib ? FaceDetectorKind.Hog : FaceDetectorKind.Ssd);
        return detector switch
        {
            FaceDetectorKind.Hog => options with { Hog = options.Hog with { Upsample = args.Int("upsample", options.Hog.Upsample, 0, HogDetectorOptions.MaxUpsample) } },
            _ => options with { Ssd = options.Ssd with { Upsample = args.Int("upsample", options.Ssd.Upsample, 0, SsdDetectorOptions.MaxUpsample) } },
        };
    }

    /// <summary>The analyzer the command line asks for.</summary>
    public static FaceAnalyzer Analyzer(ParsedArguments args, FaceEmbedderOptions? embedder = null) => new(Options(args, embedder));

    /// <summary>The embedder alone (for commands that take aligned chips), with the command line's model folder.</summary>
    public static OnnxFaceEmbedder Embedder(ParsedArguments args, InferenceOptions? inference = null) =>
        FacePipelineFactory.CreateEmbedder(Options(args, inference: inference));

    private static FaceFrontEnd FrontEnd(ParsedArguments args) => args.Value("front-end") switch
    {
        null or "face-api" => FaceFrontEnd.FaceApi,
        "dlib" => FaceFrontEnd.Dlib,
        string other => throw CliException.BadArguments($"--front-end must be face-api or dlib, not '{other}'"),
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
