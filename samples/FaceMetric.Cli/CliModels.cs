using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
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

    public static OnnxFaceEmbedder Embedder(ParsedArguments args) =>
        new(new FaceEmbedderOptions { ModelDirectory = Directory(args) });

    public static FaceAnalyzer Analyzer(ParsedArguments args, FaceEmbedderOptions? embedder = null) =>
        new(new FaceAnalyzerOptions
        {
            ModelDirectory = Directory(args),
            FrontEnd = FrontEnd(args),
            Detector = FrontEnd(args) == FaceFrontEnd.Dlib ? new FaceDetectorOptions() : SsdOptions(args),
            HogDetector = FrontEnd(args) == FaceFrontEnd.Dlib ? HogOptions(args) : new HogDetectorOptions(),
            Embedder = embedder ?? new FaceEmbedderOptions(),
        });

    /// <summary>The detector and landmark model <c>--front-end</c> and <c>--upsample</c> ask for, for commands that own them.</summary>
    public static (IFaceDetector Detector, ILandmarkDetector Landmarks) DetectorAndLandmarks(ParsedArguments args)
    {
        if (FrontEnd(args) == FaceFrontEnd.Dlib)
        {
            var detector = new HogFaceDetector(HogOptions(args));
            try
            {
                return (detector, new DlibShapePredictor(boxMapping: DlibBoxMapping.Identity));
            }
            catch
            {
                detector.Dispose();
                throw;
            }
        }

        return (new SsdFaceDetector(SsdOptions(args)), new OnnxLandmarkDetector(new LandmarkDetectorOptions { ModelDirectory = Directory(args) }));
    }

    private static FaceDetectorOptions SsdOptions(ParsedArguments args) =>
        new() { ModelDirectory = Directory(args), Upsample = args.Int("upsample", 0, 0, FaceDetectorOptions.MaxUpsample) };

    private static HogDetectorOptions HogOptions(ParsedArguments args)
    {
        var defaults = new HogDetectorOptions();
        return defaults with { ModelDirectory = Directory(args), Upsample = args.Int("upsample", defaults.Upsample, 0, HogDetectorOptions.MaxUpsample) };
    }

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

    /// <summary>The face whose box centre is nearest the image centre (the LFW convention: one subject per photo).</summary>
    public static AnalyzedFace NearestCentre(IReadOnlyList<AnalyzedFace> faces, int width, int height) =>
        FaceMetric.Evaluation.AuditItem.OrderCentreFirst(faces, width, height)[0];

    /// <summary>Writes a file atomically: a temporary file in the same folder, flushed, then renamed over the target.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
