using System.Text.Json;

namespace FaceMetric.Cli.Commands;

/// <summary><c>embed PATH... [--json] [--upsample N]</c>: every face of every photo with its descriptor.</summary>
internal static class EmbedCommand
{
    public const string Usage = "embed PATH... [--json] [--upsample N] [--front-end face-api|dlib] [--detector ssd|hog|cnn] [--landmarks face-api|dlib] [--shape-predictor PATH] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr)
    {
        var args = ParsedArguments.Parse(rawArgs, CliModels.AnalyzerOptions, []);
        if (args.Positional.Count == 0)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        IReadOnlyList<string> paths = InputPaths.Expand(args.Positional);
        using FaceAnalyzer analyzer = CliModels.Analyzer(args);
        var results = new List<(string Path, IReadOnlyList<AnalyzedFace> Faces)>(paths.Count);
        using (var progress = new ProgressBar(stderr, "embed", paths.Count))
        {
            foreach (string path in paths)
            {
                using var image = CliModels.Load(path);
                results.Add((path, analyzer.Analyze(image)));
                progress.Report(results.Count);
            }
        }

        if (!args.Json)
        {
            foreach (var (path, faces) in results)
            {
                foreach (AnalyzedFace f in faces)
                {
                    stdout.WriteLine(path + "\t" + JsonOutput.BoxText(f.Detection) + "\t" +
                        string.Join(' ', f.Descriptor.ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
                }
            }

            return ExitCodes.Ok;
        }

        JsonOutput.Write(stdout, w =>
        {
            w.WriteStartArray("images");
            foreach (var (path, faces) in results)
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteStartArray("faces");
                foreach (AnalyzedFace f in faces)
                {
                    w.WriteStartObject();
                    JsonOutput.Box(w, f.Detection);
                    w.WritePropertyName("descriptor");
                    JsonSerializer.Serialize(w, f.Descriptor);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        return ExitCodes.Ok;
    }
}
