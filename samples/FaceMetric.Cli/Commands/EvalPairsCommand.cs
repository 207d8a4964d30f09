using FaceMetric.IO;
using System.Globalization;
using System.Text;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Evaluation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Cli.Commands;

/// <summary>
/// <c>eval-pairs --pairs FILE --images ROOT</c>: the LFW verification protocol on this pipeline. View 2 files
/// (<c>10 300</c>) are cross-validated (threshold chosen on nine folds, applied to the tenth); a View 1 file is scored
/// with the threshold chosen on <c>--train-pairs</c> (e.g. pairsDevTrain.txt for pairsDevTest.txt), or at
/// <c>--threshold</c> (default 0.6) when no training file is given. Per image the face nearest the image centre is
/// used; where the detector finds none, the centred box dlib's LFW protocol uses (62,62)-(187,187) on 250x250, scaled
/// to the image) is described instead and the image is listed in <c>no_face_images</c>.
/// A photo that cannot be read is reported (a line on stderr; in JSON under <c>errors</c>) and the run goes on: every
/// pair that needs it is left out of the accuracy, the ROC and the threshold choice, and listed with the photo's error
/// (a line on stderr; <c>excluded_pairs</c> in JSON; a count in the text output); the exit code is then 4 (3 when no
/// photo could be read, or no pair is left). <c>--strict</c> stops at the first unreadable photo (exit 3).
/// </summary>
internal static class EvalPairsCommand
{
    public const string Usage = "eval-pairs --pairs FILE --images ROOT [--strict] [--train-pairs FILE] [--threshold T] [--mirror | --no-mirror] [--jitter N] [--roc-csv F] [--roc-svg F] [--descriptors-out F] [--json] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--detector hog-cnn|hog|cnn|ssd] [--landmarks face-api-corrected|face-api|dlib] [--shape-predictor PATH] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var args = ParsedArguments.Parse(
            rawArgs,
            [.. CliModels.AnalyzerOptions, "pairs", "images", "train-pairs", "threshold", "jitter", "roc-csv", "roc-svg", "descriptors-out"],
            ["mirror", "no-mirror", BatchInputs.StrictFlag]);
        string? pairsFile = args.Value("pairs");
        string? root = args.Value("images");
        if (pairsFile is null || root is null || args.Positional.Count != 0)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        if (!Directory.Exists(root))
        {
            throw CliException.BadInput($"{root}: no such folder");
        }

        PairsProtocol test = LoadPairs(pairsFile, root);
        string? trainFile = args.Value("train-pairs");
        PairsProtocol? train = trainFile is null ? null : LoadPairs(trainFile, root);
        double fixedThreshold = args.Double("threshold", 0.6, 1e-6, 10);
        var embedderOptions = new FaceEmbedderOptions { AverageWithMirror = args.Flag("mirror") ? true : args.Flag("no-mirror") ? false : null, JitterCount = args.Int("jitter", 0, 0, 1000) };

        var images = test.Images.Concat(train?.Images ?? []).Distinct(StringComparer.Ordinal).ToList();
        var noFace = new List<string>();
        var descriptors = new Dictionary<string, FaceDescriptor>(StringComparer.Ordinal);
        long analysisStart = System.Diagnostics.Stopwatch.GetTimestamp();
        bool mirror;
        var batch = new BatchInputs(stderr, args.Flag(BatchInputs.StrictFlag));
        using (var analyzer = new FaceAnalyzer(CliModels.Options(args, embedderOptions) with { CentredFallback = true }))
        using (var progress = new ProgressBar(stderr, "eval-pairs", images.Count))
        {
            mirror = ((OnnxFaceEmbedder)analyzer.Embedder).AveragesWithMirror;
            int done = 0;
            foreach (string path in images)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using Image<Rgb24>? image = batch.Load(path, []);
                progress.Report(++done);
                if (image is null)
                {
                    continue;
                }

                IReadOnlyList<AnalyzedFace>? faces = batch.Analyze(analyzer, path, image);
                if (faces is null)
                {
                    continue;
                }

                var (descriptor, detected) = Describe(faces, image, path);
                descriptors[path] = descriptor;
                if (!detected)
                {
                    noFace.Add(Path.GetRelativePath(root, path));
                }
            }
        }

        // The cost side of test-time augmentation: wall time per image of decode + detect + landmarks + chip + embed.
        double msPerImage = System.Diagnostics.Stopwatch.GetElapsedTime(analysisStart).TotalMilliseconds / Math.Max(1, images.Count);

        // Pairs that need an unreadable photo: left out, each reported with the photo's error.
        var failedPhotos = batch.Failures.ToDictionary(f => f.Path, f => (f.Kind, f.Message), StringComparer.Ordinal);
        var excluded = new List<(ImagePair Pair, string Kind, string Message)>();
        foreach (ImagePair pair in test.Pairs.Concat(train?.Pairs ?? []))
        {
            if (failedPhotos.TryGetValue(pair.PathA, out var error) || failedPhotos.TryGetValue(pair.PathB, out error))
            {
                excluded.Add((pair, error.Kind, error.Message));
                stderr.WriteLine($"facemetric: error: pair {Path.GetRelativePath(root, pair.PathA)} {Path.GetRelativePath(root, pair.PathB)} left out: {error.Message}");
            }
        }

        if (!test.Pairs.Any(p => descriptors.ContainsKey(p.PathA) && descriptors.ContainsKey(p.PathB)))
        {
            throw CliException.BadInput($"{pairsFile}: no pair could be scored ({batch.Failures.Count} photos unreadable)");
        }

        cancellationToken.ThrowIfCancellationRequested(); // the last moment a Ctrl+C is honoured: nothing is written before it
        string? descriptorsOut = args.Value("descriptors-out");
        if (descriptorsOut is not null)
        {
            WriteDescriptors(descriptorsOut, root, images.Where(descriptors.ContainsKey).ToList(), descriptors, noFace);
        }

        var (d, same, folds) = Distances(test, descriptors);
        VerificationReport report;
        if (test.FoldCount > 1)
        {
            report = VerificationReport.CrossValidate(d, same, folds);
        }
        else if (train is not null)
        {
            var (td, ts, _) = Distances(train, descriptors);
            report = VerificationReport.TrainTest(td, ts, d, same);
        }
        else
        {
            report = VerificationReport.AtThreshold(d, same, fixedThreshold);
        }

        VerificationReport atFixed = VerificationReport.AtThreshold(d, same, fixedThreshold);
        if (args.Value("roc-csv") is { } csv)
        {
            report.WriteRocCsv(csv);
        }

        if (args.Value("roc-svg") is { } svg)
        {
            report.WriteRocSvg(svg, $"ROC: {Path.GetFileName(pairsFile)} ({test.Pairs.Count} pairs)");
        }

        double std = report.Folds.Count > 1 ? report.StandardDeviation : 0;
        double threshold = report.Folds.Count == 1 ? report.Folds[0].Threshold : report.Threshold;
        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteNumber("accuracy", Math.Round(report.MeanAccuracy, 6));
                w.WriteNumber("std", Math.Round(std, 6));
                w.WriteNumber("threshold", Math.Round(threshold, 6));
                w.WriteNumber("pairs", report.PairCount);
                w.WriteNumber("failed_images", noFace.Count);
                w.WriteNumber("accuracy_at_fixed_threshold", Math.Round(atFixed.MeanAccuracy, 6));
                w.WriteNumber("fixed_threshold", fixedThreshold);
                w.WriteNumber("tar_at_far_1e-3", Math.Round(report.TrueAcceptRateAtOneInAThousand, 6));
                w.WriteNumber("ms_per_image", Math.Round(msPerImage, 1));
                w.WriteBoolean("mirror", mirror);
                w.WriteNumber("jitter", embedderOptions.JitterCount);
                w.WriteStartArray("no_face_images");
                noFace.ForEach(w.WriteStringValue);
                w.WriteEndArray();
                batch.WriteErrors(w);
                w.WriteStartArray("excluded_pairs");
                foreach (var (pair, kind, message) in excluded)
                {
                    w.WriteStartObject();
                    w.WriteString("a", Path.GetRelativePath(root, pair.PathA));
                    w.WriteString("b", Path.GetRelativePath(root, pair.PathB));
                    w.WriteBoolean("same", pair.IsSame);
                    w.WriteNumber("fold", pair.Fold);
                    BatchInputs.WriteError(w, kind, message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }
        else
        {
            stdout.WriteLine(FormattableString.Invariant($"pairs {report.PairCount}, accuracy {report.MeanAccuracy:P2} (std {std:P2}) at threshold {threshold:F4}"));
            stdout.WriteLine(FormattableString.Invariant($"accuracy at {fixedThreshold}: {atFixed.MeanAccuracy:P2}; TAR at FAR 1e-3: {report.TrueAcceptRateAtOneInAThousand:P2}"));
            stdout.WriteLine(FormattableString.Invariant($"cost: {msPerImage:F1} ms per image (decode, detect, landmarks, chip, embed; mirror {(mirror ? "on" : "off")}, jitter {embedderOptions.JitterCount})"));
            stdout.WriteLine($"images without a detected face ({noFace.Count}; centred box used): {string.Join(", ", noFace)}");
            if (excluded.Count > 0)
            {
                stdout.WriteLine($"pairs left out for unreadable photos: {excluded.Count} ({batch.Failures.Count} photos; see stderr)");
            }
        }

        return batch.ExitCode;
    }

    private static PairsProtocol LoadPairs(string file, string root)
    {
        try
        {
            return PairsProtocol.Load(file, root);
        }
        catch (FileNotFoundException)
        {
            throw CliException.BadInput($"{file}: no such file");
        }
    }

    /// <summary>The face nearest the image centre; the analyzer gives the centred fallback box when none is detected.</summary>
    private static (FaceDescriptor Descriptor, bool Detected) Describe(IReadOnlyList<AnalyzedFace> faces, Image<Rgb24> image, string path)
    {
        // The analyzer leaves out a box whose landmarks do not span it (the centred fallback box included); the
        // protocol needs a descriptor for every image.
        AnalyzedFace face = SubjectFace.Find(faces, image.Width, image.Height)
            ?? throw CliException.BadInput($"{path}: no face found, and the landmarks placed in the centred fallback box do not span it: no descriptor for this image");
        return (face.Descriptor, !face.IsFallback);
    }

    private static (double[] D, bool[] Same, int[] Folds) Distances(PairsProtocol protocol, Dictionary<string, FaceDescriptor> descriptors)
    {
        // Pairs with an unreadable photo have no descriptor on one side: they are left out (reported by the caller).
        var scored = protocol.Pairs.Where(p => descriptors.ContainsKey(p.PathA) && descriptors.ContainsKey(p.PathB)).ToList();
        int n = scored.Count;
        var d = new double[n];
        var same = new bool[n];
        var folds = new int[n];
        for (int i = 0; i < n; i++)
        {
            ImagePair p = scored[i];
            d[i] = descriptors[p.PathA].DistanceTo(descriptors[p.PathB]);
            same[i] = p.IsSame;
            folds[i] = p.Fold;
        }

        return (d, same, folds);
    }

    private static void WriteDescriptors(string path, string root, List<string> images, Dictionary<string, FaceDescriptor> descriptors, List<string> noFace)
    {
        var missing = new HashSet<string>(noFace, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (string image in images)
        {
            string name = Path.GetFileNameWithoutExtension(image);
            string source = missing.Contains(Path.GetRelativePath(root, image)) ? "centre" : "detected";
            text.Append(name).Append('\t').Append(source);
            foreach (float v in descriptors[image].Values)
            {
                text.Append('\t').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
