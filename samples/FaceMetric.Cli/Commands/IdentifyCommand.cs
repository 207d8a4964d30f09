using FaceMetric.Evaluation;
using FaceMetric.Identification;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Cli.Commands;

/// <summary>
/// <c>identify --gallery GALLERY PROBE... [--k N] [--json]</c>: GALLERY is a gallery file made by <c>gallery enroll</c>
/// (loaded, nothing re-described) or a folder with one sub-folder per person (the largest face of every image is
/// enrolled under its folder's name first); then every face of every probe is identified by the gallery's
/// k-nearest-neighbour vote (unknown when no enrolled face is under the threshold).
/// </summary>
internal static class IdentifyCommand
{
    public const string Usage = "identify --gallery FILE|DIR PROBE... [--k 7] [--threshold 0.6] [--json] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--detector hog-cnn|hog|cnn|ssd] [--landmarks face-api-corrected|face-api|dlib] [--shape-predictor PATH] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var args = ParsedArguments.Parse(rawArgs, [.. CliModels.AnalyzerOptions, "gallery", "k", "threshold"], [BatchInputs.StrictFlag]);
        string? gallerySource = args.Value("gallery");
        if (gallerySource is null || args.Positional.Count == 0)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        int k = args.Int("k", FaceGallery.DefaultNeighbors, 1, 1000);
        float threshold = (float)args.Double("threshold", Matching.FaceMatcher.DefaultThreshold, 1e-6, 10);
        IReadOnlyList<(string Label, string Path)> enrolment = [];
        if (Directory.Exists(gallerySource))
        {
            enrolment = LabelAudit.ListFolders(gallerySource);
            if (enrolment.Count == 0)
            {
                throw CliException.BadInput($"{gallerySource}: no images in sub-folders (the gallery needs one sub-folder per person)");
            }
        }
        else if (!File.Exists(gallerySource))
        {
            throw CliException.BadInput($"{gallerySource}: no such gallery file or folder");
        }

        IReadOnlyList<string> probes = InputPaths.Expand(args.Positional);
        using FaceAnalyzer analyzer = CliModels.Analyzer(args);
        using FaceGallery gallery = enrolment.Count == 0 ? FaceGallery.Load(gallerySource, threshold) : new FaceGallery(threshold);
        var batch = new BatchInputs(stderr, args.Flag(BatchInputs.StrictFlag));
        var results = new List<(string Path, AnalyzedFace Face, FaceIdentification Identity)>();
        using (var progress = new ProgressBar(stderr, "identify", enrolment.Count + probes.Count))
        {
            GalleryEnrolment.Enroll(gallery, analyzer, enrolment, stderr, done => progress.Report(done), cancellationToken);
            if (gallery.Count == 0)
            {
                throw CliException.BadInput($"{gallerySource}: no face found in any gallery image");
            }

            int done = enrolment.Count;
            foreach (string path in probes)
            {
                cancellationToken.ThrowIfCancellationRequested();
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
        return image is null ? null : batch.Analyze(analyzer, path, image);
    }
}
