using System.Text;
using System.Text.Json;

namespace FaceMetric.Cli.Commands;

/// <summary>
/// <c>embed PATH... [--json | --jsonl] [--strict] [--centre-fallback] [--workers N] [--upsample N]</c>: every face of every photo with its descriptor. A photo
/// that cannot be read is reported (stderr, and an <c>"error"</c> entry in JSON) and the batch goes on; exit 4 then.
/// <c>--jsonl</c> writes one JSON object per photo as soon as it is done, so nothing is held and a killed run keeps
/// every line it wrote.
/// </summary>
internal static class EmbedCommand
{
    public const string Usage = "embed PATH... [--json | --jsonl] [--strict] [--centre-fallback] [--workers N] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--detector hog-cnn|hog|cnn|ssd] [--landmarks face-api-corrected|face-api|dlib] [--shape-predictor PATH] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr)
    {
        var args = ParsedArguments.Parse(rawArgs, [.. CliModels.AnalyzerOptions, CliModels.WorkersOption], ["jsonl", BatchInputs.StrictFlag, CliModels.CentreFallbackFlag]);
        if (args.Positional.Count == 0)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        bool jsonl = args.Flag("jsonl");
        if (jsonl && args.Json)
        {
            throw CliException.BadArguments("--json and --jsonl exclude each other");
        }

        IReadOnlyList<string> paths = InputPaths.Expand(args.Positional);
        var batch = new BatchInputs(stderr, args.Flag(BatchInputs.StrictFlag));

        // The models load with the first readable photo: a run over refused files costs no model memory. From there the
        // analyzer overlaps decoding and detection of the next photos with the network on earlier ones (same results).
        var results = new List<Result>(args.Json ? paths.Count : 0);
        using (var progress = new ProgressBar(stderr, "embed", paths.Count))
        {
            int done = 0;
            void Emit(Result result)
            {
                if (jsonl)
                {
                    stdout.WriteLine(Line(result));
                    stdout.Flush();
                }
                else if (args.Json)
                {
                    results.Add(result);
                }
                else
                {
                    WriteText(stdout, result);
                }

                progress.Report(++done);
            }

            int first = 0;
            while (first < paths.Count && !batch.CanRead(paths[first]))
            {
                Emit(new Result(paths[first], null, [], batch.Failures[^1].Kind, batch.Failures[^1].Message));
                first++;
            }

            if (first < paths.Count)
            {
                using FaceAnalyzer analyzer = CliModels.Analyzer(args);
                foreach (PhotoAnalysis photo in analyzer.AnalyzeFiles(paths.Skip(first)))
                {
                    Emit(batch.Record(photo)
                        ? new Result(photo.Path, photo.Faces, [.. photo.Warnings], null, null)
                        : new Result(photo.Path, null, [.. photo.Warnings], batch.Failures[^1].Kind, batch.Failures[^1].Message));
                }
            }
        }

        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteStartArray("images");
                foreach (Result result in results)
                {
                    WriteImage(w, result);
                }

                w.WriteEndArray();
            });
        }

        return batch.ExitCode;
    }

    private static string Line(Result result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteImage(w, result);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteText(TextWriter stdout, Result result)
    {
        foreach (AnalyzedFace f in result.Faces ?? [])
        {
            stdout.WriteLine(result.Path + "\t" + JsonOutput.BoxText(f.Detection) + "\t" +
                string.Join(' ', f.Descriptor.ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        }
    }

    private static void WriteImage(Utf8JsonWriter w, Result result)
    {
        w.WriteStartObject();
        w.WriteString("path", result.Path);
        if (result.Faces is null)
        {
            BatchInputs.WriteError(w, result.ErrorKind!, result.ErrorMessage!);
        }
        else
        {
            w.WriteStartArray("faces");
            foreach (AnalyzedFace f in result.Faces)
            {
                w.WriteStartObject();
                JsonOutput.Box(w, f.Detection);
                if (f.IsFallback)
                {
                    w.WriteBoolean("fallback", true);
                }

                w.WritePropertyName("descriptor");
                JsonSerializer.Serialize(w, f.Descriptor);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        BatchInputs.WriteWarnings(w, result.Warnings);
        w.WriteEndObject();
    }

    private sealed record Result(string Path, IReadOnlyList<AnalyzedFace>? Faces, List<string> Warnings, string? ErrorKind, string? ErrorMessage);
}
