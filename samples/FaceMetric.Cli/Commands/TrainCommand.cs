using System.Globalization;
using System.Text;
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
    public const string Usage = "train DIR --out MODEL.onnx [--test DIR] [--margin 0.04] [--threshold 0.6] [--learning-rate 0.01] [--epochs 100] [--features-cache FILE] [--json] [--upsample N] [--front-end face-api|dlib] [--models DIR]";

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

        string? models = CliModels.Directory(args);
        var inference = new InferenceOptions();
        using var embedder = new OnnxFaceEmbedder(new FaceEmbedderOptions { ModelDirectory = models, Inference = inference });
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
        var (detector, landmarks) = CliModels.DetectorAndLandmarks(args);
        using var ownedDetector = detector;
        using var ownedLandmarks = landmarks;
        using var analyzer = new FaceAnalyzer(detector, landmarks, embedder);
        var files = people.SelectMany((dir, label) => InputPaths.Expand([dir]).Select(f => (File: f, Label: label))).ToList();
        using var progress = new ProgressBar(stderr, "features", files.Count);
        int done = 0;
        foreach (var (file, label) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string key = Path.GetRelativePath(root, file);
            if (!cache.TryGet(key, out float[]? f))
            {
                f = Features(analyzer, embedder, file);
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

    /// <summary>The 256-d features of the face nearest the image centre; null when there is no face.</summary>
    private static float[]? Features(FaceAnalyzer analyzer, OnnxFaceEmbedder embedder, string file)
    {
        using Image<Rgb24> image = CliModels.Load(file);
        var faces = analyzer.Analyze(image);
        if (faces.Count == 0)
        {
            return null;
        }

        AnalyzedFace face = CliModels.NearestCentre(faces, image.Width, image.Height);
        using Image<Rgb24> chip = analyzer.Aligner.ExtractChip(image, face.Chip);
        var bytes = new byte[chip.Width * chip.Height * 3];
        chip.CopyPixelDataTo(bytes);
        return embedder.ExtractFeatures(bytes, 1);
    }

    /// <summary>Metric loss over all faces (one batch) and balanced accuracy over all pairs at the loss's threshold.</summary>
    private static (double Loss, double Accuracy) Score(Dataset set, float[] w, MetricLoss loss)
    {
        int n = set.Labels.Length;
        var embeddings = new float[n * ProjectionModel.OutputDimension];
        var projection = new float[ProjectionModel.OutputDimension];
        for (int r = 0; r < n; r++)
        {
            Span<float> y = embeddings.AsSpan(r * ProjectionModel.OutputDimension, ProjectionModel.OutputDimension);
            for (int i = 0; i < ProjectionModel.InputDimension; i++)
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(
                    w.AsSpan(i * ProjectionModel.OutputDimension, ProjectionModel.OutputDimension), set.Features[(r * ProjectionModel.InputDimension) + i], y, y);
            }
        }

        double value = loss.ComputeLossAndGradient(embeddings, ProjectionModel.OutputDimension, set.Labels, new float[embeddings.Length]);
        long sameRight = 0, same = 0, otherRight = 0, other = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                float d = System.Numerics.Tensors.TensorPrimitives.Distance(
                    embeddings.AsSpan(i * ProjectionModel.OutputDimension, ProjectionModel.OutputDimension),
                    embeddings.AsSpan(j * ProjectionModel.OutputDimension, ProjectionModel.OutputDimension));
                if (set.Labels[i] == set.Labels[j])
                {
                    same++;
                    sameRight += d < loss.DistanceThreshold ? 1 : 0;
                }
                else
                {
                    other++;
                    otherRight += d < loss.DistanceThreshold ? 0 : 1;
                }
            }
        }

        return (value, ((double)sameRight / Math.Max(same, 1) / 2) + ((double)otherRight / Math.Max(other, 1) / 2));
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

            CliModels.WriteAtomically(path, stream => stream.Write(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }
}
