using FaceMetric.Evaluation;
using FaceMetric.Identification;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Cli.Commands;

/// <summary>
/// <c>identify --gallery DIR PROBE... [--k N] [--json]</c>: DIR holds one sub-folder per person; the largest face of
/// every gallery image is enrolled under its folder's name, then every face of every probe is identified by the
/// gallery's k-nearest-neighbour vote (unknown when no enrolled face is under the threshold).
/// </summary>
internal static class IdentifyCommand
{
    public const string Usage = "identify --gallery DIR PROBE... [--k 7] [--threshold 0.6] [--json] [--upsample N] [--front-end face-api|dlib] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr)
    {
        var args = ParsedArguments.Parse(rawArgs, [.. CliModels.AnalyzerOptions, "gallery", "k", "threshold"], [BatchInputs.StrictFlag]);
        string? galleryDir = args.Value("gallery");
        if (galleryDir is null || args.Positional.Count == 0)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        int k = args.Int("k", FaceGallery.DefaultNeighbors, 1, 1000);
        float threshold = (float)args.Double("threshold", Matching.FaceMatcher.DefaultThreshold, 1e-6, 10);
        if (!Directory.Exists(galleryDir))
        {
            throw CliException.BadInput($"{galleryDir}: no such folder");
        }

        IReadOnlyList<(string Label, string Path)> enrolment = LabelAudit.ListFolders(galleryDir);
        if (enrolment.Count == 0)
        {
            throw CliException.BadInput($"{galleryDir}: no images in sub-folders (the gallery needs one sub-folder per person)");
        }

        IReadOnlyList<string> probes = InputPaths.Expand(args.Positional);
        using FaceAnalyzer analyzer = CliModels.Analyzer(args);
        using var gallery = new FaceGallery(threshold);
        var batch = new BatchInputs(stderr, args.Flag(BatchInputs.StrictFlag));
        var results = new List<(string Path, AnalyzedFace Face, FaceIdentification Identity)>();
        using (var progress = new ProgressBar(stderr, "identify", enrolment.Count + probes.Count))
        {
            int done = 0;
            foreach (var (label, path) in enrolment)
            {
                IReadOnlyList<AnalyzedFace>? faces = Analyze(analyzer, batch, path);
                if (faces is null)
                {
                    // reported by the batch
                }
                else if (faces.Count == 0)
                {
                    stderr.WriteLine($"facemetric: warning: {path}: no face found, not enrolled");
                }
                else
                {
                    gallery.Enroll(label, faces.MaxBy(f => (double)f.Detection.Width * f.Detection.Height)!.Descriptor);
                }

                progress.Report(++done);
            }

            if (gallery.Count == 0)
            {
                throw CliException.BadInput($"{galleryDir}: no face found in any gallery image");
            }

            foreach (string path in probes)
            {
                foreach (AnalyzedFace face in Analyze(analyzer, batch, path) ?? [])
                {
                    results.Add((path, face, gallery.Identify(face.Descriptor, k)));
                }

                progress.Report(++done);
            }
        }

        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteStartArray("results");
                foreach (var (path, face, identity) in results)
                {
                    w.WriteStartObject();
                    w.WriteString("path", path);
                    JsonOutput.Box(w, face.Detection);
                    if (identity.Label is null)
                    {
                        w.WriteNull("label");
                    }
                    else
                    {
                        w.WriteString("label", identity.Label);
                    }

                    w.WriteNumber("distance", Math.Round(identity.Distance, 6));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                batch.WriteErrors(w);
            });
        }
        else
        {
            stdout.WriteLine($"gallery: {gallery.Count} faces of {gallery.LabelCount} people");
            foreach (var (path, face, identity) in results)
            {
                stdout.WriteLine(FormattableString.Invariant($"{path}\t{JsonOutput.BoxText(face.Detection)}\t{identity.Label ?? "unknown"}\t{identity.Distance:F4}"));
            }
        }

        return batch.ExitCode;
    }

    private static IReadOnlyList<AnalyzedFace>? Analyze(FaceAnalyzer analyzer, BatchInputs batch, string path)
    {
        using Image<Rgb24>? image = batch.Load(path, []);
        return image is null ? null : analyzer.Analyze(image);
    }
}
