using FaceMetric.IO;
using System.Globalization;
using System.Text;
using FaceMetric.Alignment;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Landmarks;
using FaceMetric.Metric;
using FaceMetric.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Cli.Commands;

/// <summary>
/// <c>train DIR --out MODEL.onnx [--test DIR]</c>: retrains the network's last layer (fc 256→128) with dlib's metric
/// loss on a folder-per-person dataset and writes a new recognition model (same graph, new fc) that loads like the
/// shipped one. <c>--test DIR</c> (other people) is scored before and after: metric loss over all its faces and
/// balanced pair accuracy at the threshold. <c>--features-cache FILE</c> keeps the 256-d features of every image, so
/// a second run skips detection and the network.
/// </summary>
internal static class TrainCommand
{
    public const string Usage = "train DIR --out MODEL.onnx [--test DIR] [--margin 0.04] [--threshold 0.6] [--learning-rate 0.01] [--epochs 100] [--features-cache FILE] [--json] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--detector hog-cnn|hog|cnn|ssd] [--landmarks face-api-corrected|face-api|dlib] [--shape-predictor PATH] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var args = ParsedArguments.Parse(
            rawArgs, [.. CliModels.AnalyzerOptions, "out", "test", "margin", "threshold", "learning-rate", "epochs", "features-cache"], []);
        string? output = args.Value("out");
        if (args.Positional.Count != 1 || output is null)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        var options = new ProjectionTrainerOptions
        {
            Margin = (float)args.Double("margin", MetricLoss.DefaultMargin, 1e-4, 1),
            DistanceThreshold = (float)args.Double("threshold", MetricLoss.DefaultDistanceThreshold, 1e-3, 10),
            LearningRate = args.Double("learning-rate", 0.01, 1e-6, 10),
            MaxEpochs = args.Int("epochs", 100, 1, 100000),
        };
        string? testDir = args.Value("test");
        string? cachePath = args.Value("features-cache");
        var cache = FeatureCache.Load(cachePath);

        using OnnxFaceEmbedder embedder = CliModels.Embedder(args);
        float[] initial = ProjectionModel.ReadWeights(embedder.ModelPath);
        var train = Collect(args.Positional[0], args, embedder, cache, stderr, cancellationToken);
        var test = testDir is null ? null : Collect(testDir, args, embedder, cache, stderr, cancellationToken);
        cache.Save(cachePath);

        var trainer = new ProjectionTrainer(options);
        ProjectionTrainingResult result = trainer.Train(train.Features, train.Labels, initial, ProjectionModel.OutputDimension, cancellationToken: cancellationToken);
        cancellationToken.ThrowIfCancellationRequested(); // the last moment a Ctrl+C is honoured: nothing is written before it
        ProjectionModel.WriteWithWeights(embedder.ModelPath, result.Weights, output, $"trained on {train.Labels.Length} faces of {train.Labels.Distinct().Count()} people in {Path.GetFileName(Path.GetFullPath(args.Positional[0]))}");

        var loss = new MetricLoss();
        (double Loss, double Accuracy)? before = null, after = null;
        if (test is not null)
        {
            before = Score(test, initial, loss);
            after = Score(test, result.ToWeightArray(), loss);
        }

        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteString("model", output);
                w.WriteNumber("train_faces", train.Labels.Length);
                w.WriteNumber("train_people", train.Labels.Distinct().Count());
                w.WriteNumber("skipped_images", train.Skipped + (test?.Skipped ?? 0));
                w.WriteNumber("best_epoch", result.BestEpoch);
                w.WriteString("stop", result.StopReason.ToString());
                w.WriteNumber("held_out_loss_before", result.History[0].HeldOutLoss);
                w.WriteNumber("held_out_loss_after", result.Best.HeldOutLoss);
                if (before is { } b && after is { } a)
                {
                    w.WriteNumber("test_faces", test!.Labels.Length);
                    w.WriteNumber("test_loss_before", b.Loss);
                    w.WriteNumber("test_loss_after", a.Loss);
                    w.WriteNumber("test_pair_accuracy_before", b.Accuracy);
                    w.WriteNumber("test_pair_accuracy_after", a.Accuracy);
                }
            });
        }
        else
        {
            stdout.WriteLine($"trained on {train.Labels.Length} faces of {train.Labels.Distinct().Count()} people; best epoch {result.BestEpoch} ({result.StopReason}); wrote {output}");
            foreach (ProjectionEpoch e in result.History)
            {
                stdout.WriteLine(FormattableString.Invariant($"  epoch {e.Epoch,3}: lr {e.LearningRate:G3}, train loss {e.TrainLoss:F5}, held-out loss {e.HeldOutLoss:F5}, held-out pair accuracy {e.HeldOutPairAccuracy:P2}"));
            }

            if (before is { } b && after is { } a)
            {
                stdout.WriteLine(FormattableString.Invariant($"test set ({test!.Labels.Length} faces): loss {b.Loss:F5} -> {a.Loss:F5}, balanced pair accuracy {b.Accuracy:P2} -> {a.Accuracy:P2}"));
            }
        }

        return ExitCodes.Ok;
    }

    private sealed record Dataset(float[] Features, int[] Labels, int Skipped);

    private static Dataset Collect(string root, ParsedArguments args, OnnxFaceEmbedder embedder, FeatureCache cache, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            throw CliException.BadInput($"{root}: no such folder (expected one sub-folder per person)");
        }

        string[] people = Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray();
        var features = new List<float>();
        var labels = new List<int>();
        int skipped = 0;
        FaceAnalyzerOptions options = CliModels.Options(args);
        using IFaceDetector detector = FacePipelineFactory.CreateDetector(options);
        using ILandmarkDetector landmarks = FacePipelineFactory.CreateLandmarkDetector(options);
        var frontEnd = new FrontEnd(detector, landmarks, new FaceAligner(embedder.ChipSize, embedder.ChipPadding));
        var files = people.SelectMany((dir, label) => InputPaths.Expand([dir]).Select(f => (File: f, Label: label))).ToList();
        using var progress = new ProgressBar(stderr, "features", files.Count);
        int done = 0;
        foreach (var (file, label) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string key = Path.GetRelativePath(root, file);
            if (!cache.TryGet(key, out float[]? f))
            {
                f = Features(frontEnd, embedder, file);
                cache.Set(key, f);
            }

            if (f is null)
            {
                skipped++;
            }
            else
            {
                features.AddRange(f);
                labels.Add(label);
            }

            progress.Report(++done);
        }

        return new Dataset([.. features], [.. labels], skipped);
    }

    private sealed record FrontEnd(IFaceDetector Detector, ILandmarkDetector Landmarks, FaceAligner Aligner);

    /// <summary>The 256-d features of the photo's subject (<see cref="SubjectFace"/>); null when there is no face. The network runs once.</summary>
    private static float[]? Features(FrontEnd frontEnd, OnnxFaceEmbedder embedder, string file)
    {
        using Image<Rgb24> image = CliModels.Load(file);
        DetectedFace? subject = SubjectFace.Find(frontEnd.Detector.Detect(image), image.Width, image.Height);
        if (subject is not { } box)
        {
            return null;
        }

        FaceLandmarks shape = frontEnd.Landmarks.Detect(image, [box])[0];
        FaceChipDetails chip = frontEnd.Aligner.GetChipDetails(shape);
        using Image<Rgb24> pixels = frontEnd.Aligner.ExtractChip(image, chip);
        var bytes = new byte[pixels.Width * pixels.Height * 3];
        pixels.CopyPixelDataTo(bytes);
        return embedder.ExtractFeatures(bytes, 1);
    }

    /// <summary>Metric loss over all faces (one batch) and balanced accuracy over all pairs at the loss's threshold.</summary>
    private static (double Loss, double Accuracy) Score(Dataset set, float[] w, MetricLoss loss)
    {
        ProjectionScore score = ProjectionModel.Score(set.Features, set.Labels, w, loss);
        return (score.Loss, score.BalancedPairAccuracy);
    }

    /// <summary>Per-image features keyed by path relative to the dataset root ("-" for an image without a face).</summary>
    private sealed class FeatureCache
    {
        private readonly Dictionary<string, float[]?> _entries = new(StringComparer.Ordinal);
        private bool _changed;

        public static FeatureCache Load(string? path)
        {
            var cache = new FeatureCache();
            if (path is null || !File.Exists(path))
            {
                return cache;
            }

            foreach (string line in File.ReadLines(path))
            {
                string[] parts = line.Split('\t');
                cache._entries[parts[0]] = parts[1] == "-" ? null : parts.Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            }

            return cache;
        }

        public bool TryGet(string key, out float[]? features) => _entries.TryGetValue(key, out features);

        public void Set(string key, float[]? features)
        {
            _entries[key] = features;
            _changed = true;
        }

        public void Save(string? path)
        {
            if (path is null || !_changed)
            {
                return;
            }

            var text = new StringBuilder();
            foreach (var (key, f) in _entries)
            {
                text.Append(key).Append('\t').Append(f is null ? "-" : string.Join('\t', f.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
            }

            AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }
}
