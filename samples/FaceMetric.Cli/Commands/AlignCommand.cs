using FaceMetric.IO;
using SixLabors.ImageSharp;

namespace FaceMetric.Cli.Commands;

/// <summary><c>align IMAGE --out DIR [--json] [--upsample N]</c>: one 150x150 PNG chip per face (dlib's face chip).</summary>
internal static class AlignCommand
{
    public const string Usage = "align IMAGE --out DIR [--json] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--detector hog-cnn|hog|cnn|ssd] [--landmarks face-api-corrected|face-api|dlib] [--shape-predictor PATH] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout)
    {
        var args = ParsedArguments.Parse(rawArgs, [.. CliModels.AnalyzerOptions, "out"], []);
        string? outDir = args.Value("out");
        if (args.Positional.Count != 1 || outDir is null)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        using var image = CliModels.Load(args.Positional[0]);
        using FaceAnalyzer analyzer = CliModels.Analyzer(args);
        IReadOnlyList<AnalyzedFace> faces = analyzer.Analyze(image);
        Directory.CreateDirectory(outDir);
        string stem = Path.GetFileNameWithoutExtension(args.Positional[0]);
        var written = new List<string>();
        for (int i = 0; i < faces.Count; i++)
        {
            string path = Path.Combine(outDir, $"{stem}_face{i}.png");
            using var chip = analyzer.Aligner.ExtractChip(image, faces[i].Chip);
            AtomicFile.Write(path, stream => chip.SaveAsPng(stream));
            written.Add(path);
        }

        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteStartArray("chips");
                written.ForEach(w.WriteStringValue);
                w.WriteEndArray();
            });
        }
        else
        {
            written.ForEach(stdout.WriteLine);
        }

        return ExitCodes.Ok;
    }
}
