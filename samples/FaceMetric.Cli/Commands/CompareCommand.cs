using FaceMetric.Matching;

namespace FaceMetric.Cli.Commands;

/// <summary><c>compare A B [--json] [--threshold T]</c>: distance between the first face of each photo, and dlib's verdict.</summary>
internal static class CompareCommand
{
    public const string Usage = "compare A B [--json] [--threshold 0.6] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--detector hog-cnn|hog|cnn|ssd] [--landmarks face-api-corrected|face-api|dlib] [--shape-predictor PATH] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout)
    {
        var args = ParsedArguments.Parse(rawArgs, [.. CliModels.AnalyzerOptions, "threshold"], []);
        if (args.Positional.Count != 2)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        float threshold = (float)args.Double("threshold", FaceMatcher.DefaultThreshold, 1e-6, 10);
        using FaceAnalyzer analyzer = CliModels.Analyzer(args);
        var a = SubjectOf(analyzer, args.Positional[0]);
        var b = SubjectOf(analyzer, args.Positional[1]);
        FaceMatch match = new FaceMatcher(threshold).Match(a.Descriptor, b.Descriptor);
        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteNumber("distance", Math.Round(match.Distance, 6));
                w.WriteBoolean("same", match.IsSamePerson);
                w.WriteNumber("threshold", Math.Round(match.Threshold, 6));
            });
        }
        else
        {
            stdout.WriteLine(FormattableString.Invariant($"distance {match.Distance:F4} -> {(match.IsSamePerson ? "same person" : "different people")} (threshold {match.Threshold})"));
        }

        return ExitCodes.Ok;
    }

    private static AnalyzedFace SubjectOf(FaceAnalyzer analyzer, string path)
    {
        using var image = CliModels.Load(path);
        return SubjectFace.Find(analyzer.Analyze(image), image.Width, image.Height)
            ?? throw CliException.BadInput($"{path}: no face found (try --upsample 1 for small faces)");
    }
}
