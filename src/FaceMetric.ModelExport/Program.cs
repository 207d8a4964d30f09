using FaceMetric.ModelExport;

// FaceMetric.ModelExport: face-api TF.js weights -> the ONNX models under models/.
// Usage: FaceMetric.ModelExport --faceapi-model <node_modules/@vladmandic/face-api/model> [--out <models dir>]
string? source = null;
string outDir = "models";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--faceapi-model" when i + 1 < args.Length:
            source = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            outDir = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine("Usage: FaceMetric.ModelExport --faceapi-model DIR [--out DIR]");
            return 0;
        default:
            Console.Error.WriteLine($"error: unknown or incomplete argument '{args[i]}'. Usage: FaceMetric.ModelExport --faceapi-model DIR [--out DIR]");
            return 2;
    }
}

if (source is null || !Directory.Exists(source))
{
    Console.Error.WriteLine($"error: --faceapi-model must name the 'model' folder of {ExportedModel.SourcePackage} (got '{source}').");
    return 2;
}

try
{
    foreach (var (file, sha) in ModelExporter.ExportAll(source, outDir))
    {
        Console.WriteLine($"{sha}  {file}");
    }

    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or System.Text.Json.JsonException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 3;
}
