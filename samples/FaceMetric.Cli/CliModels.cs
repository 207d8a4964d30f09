using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
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
    public static readonly string[] AnalyzerOptions = ["models", "upsample"];

    public static string? Directory(ParsedArguments args) =>
        args.Value("models") ?? Environment.GetEnvironmentVariable("FACEMETRIC_MODELS");

    public static OnnxFaceEmbedder Embedder(ParsedArguments args) =>
        new(new FaceEmbedderOptions { ModelDirectory = Directory(args) });

    public static FaceAnalyzer Analyzer(ParsedArguments args, FaceEmbedderOptions? embedder = null) =>
        new(new FaceAnalyzerOptions
        {
            ModelDirectory = Directory(args),
            Detector = new FaceDetectorOptions { Upsample = args.Int("upsample", 0, 0, FaceDetectorOptions.MaxUpsample) },
            Embedder = embedder ?? new FaceEmbedderOptions(),
        });

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
