using FaceMetric.Detection;

namespace FaceMetric.Cli.Commands;

/// <summary><c>detect IMAGE [--json] [--upsample N]</c>: faces with box, score and 68 landmarks.</summary>
internal static class DetectCommand
{
    public const string Usage = "detect IMAGE [--json] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--detector hog-cnn|hog|cnn|ssd] [--landmarks face-api-corrected|face-api|dlib] [--shape-predictor PATH] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout)
    {
        var args = ParsedArguments.Parse(rawArgs, CliModels.AnalyzerOptions, []);
        if (args.Positional.Count != 1)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        using var image = CliModels.Load(args.Positional[0]);
        using FaceAnalyzer analyzer = CliModels.Analyzer(args);
        IReadOnlyList<AnalyzedFace> faces = analyzer.Analyze(image);
        if (!args.Json)
        {
            stdout.WriteLine($"{args.Positional[0]}: {faces.Count} face(s)");
            foreach (AnalyzedFace f in faces)
            {
                stdout.WriteLine(FormattableString.Invariant($"  box {JsonOutput.BoxText(f.Detection)} score {f.Detection.Score:F3}"));
            }

            return ExitCodes.Ok;
        }

        JsonOutput.Write(stdout, w =>
        {
            w.WriteStartArray("faces");
            foreach (AnalyzedFace f in faces)
            {
                w.WriteStartObject();
                JsonOutput.Box(w, f.Detection);
                w.WriteNumber("score", Math.Round(f.Detection.Score, 4));
                w.WriteStartArray("landmarks");
                foreach (var p in f.Landmarks.Points)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(Math.Round(p.X, 2));
                    w.WriteNumberValue(Math.Round(p.Y, 2));
                    w.WriteEndArray();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        return ExitCodes.Ok;
    }
}
