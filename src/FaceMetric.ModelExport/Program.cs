using FaceMetric;
using FaceMetric.ModelExport;

// FaceMetric.ModelExport: face-api TF.js weights and dlib's MMOD face detector -> the ONNX models under models/.
// Usage: FaceMetric.ModelExport [--faceapi-model <node_modules/@vladmandic/face-api/model>] [--mmod <mmod_human_face_detector.dat>] [--out <models dir>]
const string Usage = "Usage: FaceMetric.ModelExport [--faceapi-model DIR] [--mmod FILE.dat] [--out DIR] (at least one source)";
string? source = null;
string? mmod = null;
string outDir = "models";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--faceapi-model" when i + 1 < args.Length:
            source = args[++i];
            break;
        case "--mmod" when i + 1 < args.Length:
            mmod = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            outDir = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        default:
            Console.Error.WriteLine($"error: unknown or incomplete argument '{args[i]}'. {Usage}");
            return 2;
    }
}

if (source is null && mmod is null)
{
    Console.Error.WriteLine("error: nothing to export. " + Usage);
    return 2;
}

if (source is not null && !Directory.Exists(source))
{
    Console.Error.WriteLine($"error: --faceapi-model must name the 'model' folder of {ExportedModel.SourcePackage} (got '{source}').");
    return 2;
}

if (mmod is not null && !File.Exists(mmod))
{
    Console.Error.WriteLine($"error: --mmod must name dlib's mmod_human_face_detector.dat (got '{mmod}').");
    return 2;
}

try
{
    if (source is not null)
    {
        foreach (var (file, sha) in ModelExporter.ExportAll(source, outDir))
        {
            Console.WriteLine($"{sha}  {file}");
        }
    }

    if (mmod is not null)
    {
        var (file, sha) = ModelExporter.ExportCnn(mmod, outDir);
        Console.WriteLine($"{sha}  {file}");
    }

    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or System.Text.Json.JsonException or UnauthorizedAccessException or FaceModelException)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 3;
}
