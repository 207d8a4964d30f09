using FaceMetric;
using FaceMetric.ModelExport;

// FaceMetric.ModelExport: face-api TF.js weights and dlib's MMOD face detector -> the ONNX models under models/.
// Usage: FaceMetric.ModelExport [--faceapi-model <node_modules/@vladmandic/face-api/model>] [--mmod <mmod_human_face_detector.dat>] [--out <models dir>]
// The int8 recognition variant (from the float model in --out): --int8-calibrate CHIPS --ranges FILE [--percentile P]
// [--every K] records activation ranges on chips (interleaved RGB 150x150, back to back; every K-th chip), and
// --int8 --ranges FILE writes dlib_face_recognition_resnet_model_v1_int8.onnx from those ranges.
const string Usage = "Usage: FaceMetric.ModelExport [--faceapi-model DIR] [--mmod FILE.dat] [--int8-calibrate CHIPS [--percentile P] [--every K] --ranges FILE] [--int8 --ranges FILE [--keep-float PREFIX,...]] [--out DIR] (at least one source)";
string? source = null;
string? mmod = null;
string? calibrationChips = null;
string? rangesFile = null;
bool int8 = false;
string? sensitivityChips = null;
string[]? keepFloat = null;
double percentile = 100;
int every = 1;
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
        case "--int8-calibrate" when i + 1 < args.Length:
            calibrationChips = args[++i];
            break;
        case "--ranges" when i + 1 < args.Length:
            rangesFile = args[++i];
            break;
        case "--percentile" when i + 1 < args.Length:
            percentile = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--every" when i + 1 < args.Length:
            every = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--int8-sensitivity" when i + 1 < args.Length:
            sensitivityChips = args[++i];
            break;
        case "--keep-float" when i + 1 < args.Length:
            keepFloat = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries);
            break;
        case "--int8":
            int8 = true;
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

if ((calibrationChips is not null || int8) && rangesFile is null)
{
    Console.Error.WriteLine("error: --int8-calibrate and --int8 need --ranges FILE. " + Usage);
    return 2;
}

if (sensitivityChips is not null && rangesFile is not null)
{
    // Diagnostic: which activations cost accuracy (every 8th chip from the 4th, i.e. not the calibration chips).
    var fp = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(outDir, ModelExporter.RecognitionFile)));
    byte[] all = File.ReadAllBytes(sensitivityChips);
    var held = new List<byte>();
    for (int k = 4; (k + 1) * 67500 <= all.Length && held.Count < 60 * 67500; k += 8)
    {
        held.AddRange(all.AsSpan(k * 67500, 67500).ToArray());
    }

    RecognitionInt8.Sensitivity(fp, RecognitionInt8.ReadRanges(rangesFile), [.. held], Console.Out);
    return 0;
}

if (source is null && mmod is null && calibrationChips is null && !int8)
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

    if (calibrationChips is not null)
    {
        RecognitionInt8Export.Calibrate(outDir, calibrationChips, every, percentile, rangesFile!);
        Console.WriteLine($"ranges  {rangesFile}");
    }

    if (int8)
    {
        var (file, sha) = RecognitionInt8Export.Export(outDir, rangesFile!, source, keepFloat);
        Console.WriteLine($"{sha}  {file}");
    }

    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or System.Text.Json.JsonException or UnauthorizedAccessException or FaceModelException)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 3;
}
