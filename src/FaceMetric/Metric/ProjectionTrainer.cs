using System.Numerics.Tensors;

namespace FaceMetric.Metric;

/// <summary>
/// Fine-tunes the last layer of a face network, the projection <c>y = x·W</c> from features to embeddings (in dlib's
/// network, an <c>fc_no_bias</c> 256 → 128), on cached feature vectors with identity labels, by dlib's recipe:
/// P identities × K samples per mini-batch, dlib's metric loss (<see cref="MetricLoss"/>), SGD with momentum and
/// weight decay, the learning rate divided on a plateau of the held-out loss, and early stopping.
/// </summary>
/// <remarks>
/// <para>
/// Identities with one sample are not used. By default the identities with two or more samples are split, by a
/// seeded shuffle, into training and held-out identities (<see cref="ProjectionTrainerOptions.HeldOutFraction"/>):
/// held-out identities are never trained on, so the held-out loss measures how the projection generalises to new
/// people. With <see cref="ProjectionHoldOut.Samples"/>, some samples of each identity are held out instead.
/// The weights returned are those of the epoch with the lowest held-out loss.
/// The gradient of W is <c>featuresᵀ · dL/dembeddings</c>, with dlib's loss gradient (half the derivative of its loss
/// value, see <see cref="MetricLoss"/>), so that dlib's learning rates carry over.
/// </para>
/// <para>
/// Deterministic: the same inputs, options and seed give the same weights bit for bit on a given machine (vectorised
/// sums may round differently on machines with other SIMD widths). The trainer is immutable and thread-safe; each
/// <see cref="Train"/> call uses its own buffers.
/// </para>
/// </remarks>
public sealed class ProjectionTrainer
{
    /// <summary>A held-out loss counts as a new best when below the best so far by this relative amount.</summary>
    private const double RelativeImprovement = 1e-6;

    private readonly ProjectionTrainerOptions _options;
    private readonly MetricLoss _loss;

    /// <summary>Creates a trainer with the given options (dlib's recipe when null).</summary>
    /// <param name="options">Settings; every value must lie in the range its documentation states.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ProjectionTrainer(ProjectionTrainerOptions? options = null)
    {
        _options = options ?? new ProjectionTrainerOptions();
        Validate(_options);
        _loss = new MetricLoss(_options.Margin, _options.DistanceThreshold);
    }

    /// <summary>The settings this trainer uses.</summary>
    public ProjectionTrainerOptions Options => _options;

    /// <summary>Trains W from <paramref name="initialWeights"/> on the given features and labels.</summary>
    /// <param name="features">n×d finite floats, row-major: one feature vector per sample.</param>
    /// <param name="labels">n identity labels, compared for equality only.</param>
    /// <param name="initialWeights">d×<paramref name="outputDimension"/> finite floats, row-major (<c>y = x·W</c>).</param>
    /// <param name="outputDimension">Columns of W, the embedding length; &gt; 0.</param>
    /// <param name="progress">Receives one <see cref="ProjectionEpoch"/> per epoch, epoch 0 first; may be null.</param>
    /// <param name="cancellationToken">Checked before every mini-batch.</param>
    /// <returns>
    /// The best weights (lowest held-out loss among the epochs whose held-out pair accuracy is at least the initial
    /// weights'; the initial weights themselves when no epoch qualifies) and the history of every epoch.
    /// </returns>
    /// <exception cref="ArgumentException">
    /// Sizes disagree, a value is not finite, or the labels cannot be split as <see cref="ProjectionTrainerOptions.HoldOut"/>
    /// asks (fewer than four identities with two or more samples; for <see cref="ProjectionHoldOut.Samples"/>, fewer than
    /// two identities with four or more).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputDimension"/> is not positive.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ProjectionTrainingResult Train(
        ReadOnlySpan<float> features,
        ReadOnlySpan<int> labels,
        ReadOnlySpan<float> initialWeights,
        int outputDimension,
        IProgress<ProjectionEpoch>? progress = null,
        CancellationToken cancellationToken = default)
    {
        int inputDimension = ValidateInputs(features, labels, initialWeights, outputDimension);
        var random = new SplitMix64(_options.Seed);
        (List<int[]> training, List<int[]> heldOut) = SplitIdentities(labels, random);

        var sampler = new IdentityBatchSampler(training, _options.PeoplePerBatch, _options.SamplesPerPerson, random);
        EvaluationSet trainSet = EvaluationSet.Create(features, inputDimension, training, _options, random);
        EvaluationSet heldOutSet = EvaluationSet.Create(features, inputDimension, heldOut, _options, random);
        int trainingSamples = training.Sum(s => s.Length);
        int batchesPerEpoch = _options.BatchesPerEpoch > 0
            ? _options.BatchesPerEpoch
            : Math.Max(1, trainingSamples / sampler.MaxBatchSize);

        float[] weights = initialWeights.ToArray();
        float[] best = (float[])weights.Clone();
        var solver = new SgdMomentum(weights.Length, _options.Momentum, _options.WeightDecay);
        var workspace = new MetricLossWorkspace();
        int maxRows = Math.Max(sampler.MaxBatchSize, Math.Max(trainSet.Count, heldOutSet.Count));
        var scratch = new Scratch(maxRows, inputDimension, outputDimension, weights.Length);

        double learningRate = _options.LearningRate;
        var history = new List<ProjectionEpoch>();
        ProjectionEpoch initial = Evaluate(0, learningRate, weights, trainSet, heldOutSet, outputDimension, workspace, scratch, isBest: true);
        history.Add(initial);
        progress?.Report(initial);
        double bestLoss = initial.HeldOutLoss;
        int bestEpoch = 0;
        int sinceBest = 0;
        int sinceShrink = 0;
        ProjectionStopReason reason = ProjectionStopReason.MaxEpochs;

        for (int epoch = 1; epoch <= _options.MaxEpochs; epoch++)
        {
            for (int b = 0; b < batchesPerEpoch; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TrainBatch(features, inputDimension, outputDimension, weights, sampler, solver, learningRate, workspace, scratch);
            }

            ProjectionEpoch measured = Evaluate(epoch, learningRate, weights, trainSet, heldOutSet, outputDimension, workspace, scratch, isBest: false);
            // A new best must lower the held-out loss without lowering the held-out pair accuracy below the starting
            // weights': on LFW, dlib's hard-negative loss keeps falling while accuracy at the threshold falls too, and
            // the shipped weights must never be swapped for worse ones.
            if (measured.HeldOutLoss < bestLoss - (RelativeImprovement * bestLoss)
                && measured.HeldOutPairAccuracy >= initial.HeldOutPairAccuracy)
            {
                measured = measured with { IsBest = true };
                bestLoss = measured.HeldOutLoss;
                bestEpoch = epoch;
                weights.CopyTo(best, 0);
                sinceBest = 0;
                sinceShrink = 0;
            }
            else
            {
                sinceBest++;
                sinceShrink++;
            }

            history.Add(measured);
            progress?.Report(measured);

            if (sinceBest >= _options.EarlyStoppingEpochs)
            {
                reason = ProjectionStopReason.EarlyStopped;
                break;
            }

            if (sinceShrink >= _options.PlateauEpochs)
            {
                learningRate *= _options.LearningRateShrinkFactor;
                sinceShrink = 0;
                if (learningRate < _options.MinLearningRate)
                {
                    reason = ProjectionStopReason.LearningRateBelowMinimum;
                    break;
                }
            }
        }

        return new ProjectionTrainingResult(
            best, inputDimension, outputDimension, [.. history], bestEpoch, reason, training.Count, heldOut.Count);
    }

    private void TrainBatch(
        ReadOnlySpan<float> features,
        int inputDimension,
        int outputDimension,
        float[] weights,
        IdentityBatchSampler sampler,
        SgdMomentum solver,
        double learningRate,
        MetricLossWorkspace workspace,
        Scratch scratch)
    {
        int count = sampler.Next(scratch.Samples, scratch.Labels);
        Span<float> x = scratch.Features.AsSpan(0, count * inputDimension);
        for (int i = 0; i < count; i++)
        {
            features.Slice(scratch.Samples[i] * inputDimension, inputDimension).CopyTo(x.Slice(i * inputDimension, inputDimension));
        }

        Span<float> y = scratch.Embeddings.AsSpan(0, count * outputDimension);
        Span<float> dy = scratch.EmbeddingGradient.AsSpan(0, count * outputDimension);
        LinearProjection.Forward(x, weights, y, inputDimension, outputDimension);
        _loss.ComputeLossAndGradient(y, outputDimension, scratch.Labels.AsSpan(0, count), dy, workspace);
        LinearProjection.WeightGradient(x, dy, scratch.WeightGradient, inputDimension, outputDimension);
        solver.Step(weights, scratch.WeightGradient, learningRate);
    }

    private ProjectionEpoch Evaluate(
        int epoch,
        double learningRate,
        float[] weights,
        EvaluationSet trainSet,
        EvaluationSet heldOutSet,
        int outputDimension,
        MetricLossWorkspace workspace,
        Scratch scratch,
        bool isBest)
    {
        double trainLoss = EvaluateLoss(trainSet, weights, outputDimension, workspace, scratch);
        double heldOutLoss = EvaluateLoss(heldOutSet, weights, outputDimension, workspace, scratch);
        double accuracy = BalancedPairAccuracy(
            scratch.Embeddings.AsSpan(0, heldOutSet.Count * outputDimension), outputDimension, heldOutSet.Labels, _options.DistanceThreshold);
        return new ProjectionEpoch(epoch, learningRate, trainLoss, heldOutLoss, accuracy, isBest);
    }

    /// <summary>The loss of a whole evaluation set; leaves its embeddings in <see cref="Scratch.Embeddings"/>.</summary>
    private double EvaluateLoss(EvaluationSet set, float[] weights, int outputDimension, MetricLossWorkspace workspace, Scratch scratch)
    {
        Span<float> y = scratch.Embeddings.AsSpan(0, set.Count * outputDimension);
        LinearProjection.Forward(set.Features, weights, y, set.InputDimension, outputDimension);
        return _loss.ComputeLossAndGradient(y, outputDimension, set.Labels, scratch.EmbeddingGradient.AsSpan(0, y.Length), workspace);
    }

    /// <summary>Mean of the accuracy on matching pairs (distance &lt; t) and on non-matching pairs (distance ≥ t).</summary>
    internal static double BalancedPairAccuracy(ReadOnlySpan<float> embeddings, int dimension, ReadOnlySpan<int> labels, float threshold)
    {
        long same = 0, sameRight = 0, different = 0, differentRight = 0;
        int n = labels.Length;
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<float> a = embeddings.Slice(r * dimension, dimension);
            for (int c = r + 1; c < n; c++)
            {
                bool close = TensorPrimitives.Distance(a, embeddings.Slice(c * dimension, dimension)) < threshold;
                if (labels[r] == labels[c])
                {
                    same++;
                    sameRight += close ? 1 : 0;
                }
                else
                {
                    different++;
                    differentRight += close ? 0 : 1;
                }
            }
        }

        return 0.5 * (((double)sameRight / Math.Max(same, 1)) + ((double)differentRight / Math.Max(different, 1)));
    }

    private int ValidateInputs(ReadOnlySpan<float> features, ReadOnlySpan<int> labels, ReadOnlySpan<float> initialWeights, int outputDimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputDimension);
        if (labels.IsEmpty || features.IsEmpty || features.Length % labels.Length != 0)
        {
            throw new ArgumentException(
                $"The features must be an n×d matrix with one row per label; got {features.Length} values for {labels.Length} labels.",
                nameof(features));
        }

        int inputDimension = features.Length / labels.Length;
        if (initialWeights.Length != inputDimension * outputDimension)
        {
            throw new ArgumentException(
                $"W must be {inputDimension}×{outputDimension} = {inputDimension * outputDimension} values; got {initialWeights.Length}.",
                nameof(initialWeights));
        }

        if (!TensorPrimitives.IsFiniteAll(features))
        {
            throw new ArgumentException("Every feature value must be finite.", nameof(features));
        }

        if (!TensorPrimitives.IsFiniteAll(initialWeights))
        {
            throw new ArgumentException("Every weight must be finite.", nameof(initialWeights));
        }

        return inputDimension;
    }

    /// <summary>Groups the samples by identity and splits them as <see cref="ProjectionTrainerOptions.HoldOut"/> says.</summary>
    private (List<int[]> Training, List<int[]> HeldOut) SplitIdentities(ReadOnlySpan<int> labels, SplitMix64 random)
    {
        var byLabel = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (!byLabel.TryGetValue(labels[i], out List<int>? list))
            {
                byLabel[labels[i]] = list = [];
            }

            list.Add(i);
        }

        int[][] eligible = byLabel.Values.Where(l => l.Count >= 2).Select(l => l.ToArray()).ToArray();
        return _options.HoldOut == ProjectionHoldOut.Identities
            ? SplitByIdentity(eligible, random)
            : SplitBySample(eligible, random);
    }

    private (List<int[]> Training, List<int[]> HeldOut) SplitByIdentity(int[][] eligible, SplitMix64 random)
    {
        if (eligible.Length < 4)
        {
            throw new ArgumentException(
                $"Holding out identities needs at least 4 identities with 2 or more samples (2 to train on, 2 to hold out); got {eligible.Length}.",
                "labels");
        }

        int[] order = Enumerable.Range(0, eligible.Length).ToArray();
        random.ShuffleFront(order, order.Length);
        int heldOutCount = Math.Clamp((int)Math.Round(_options.HeldOutFraction * eligible.Length), 2, eligible.Length - 2);
        List<int[]> heldOut = order.Take(heldOutCount).Order().Select(i => eligible[i]).ToList();
        List<int[]> training = order.Skip(heldOutCount).Order().Select(i => eligible[i]).ToList();
        return (training, heldOut);
    }

    private (List<int[]> Training, List<int[]> HeldOut) SplitBySample(int[][] eligible, SplitMix64 random)
    {
        var training = new List<int[]>();
        var heldOut = new List<int[]>();
        foreach (int[] samples in eligible)
        {
            if (samples.Length < 4)
            {
                training.Add(samples);
                continue;
            }

            int[] shuffled = (int[])samples.Clone();
            random.ShuffleFront(shuffled, shuffled.Length);
            int count = Math.Clamp((int)Math.Round(_options.HeldOutFraction * samples.Length), 2, samples.Length - 2);
            heldOut.Add([.. shuffled.Take(count).Order()]);
            training.Add([.. shuffled.Skip(count).Order()]);
        }

        if (heldOut.Count < 2)
        {
            throw new ArgumentException(
                $"Holding out samples needs at least 2 identities with 4 or more samples; got {heldOut.Count}.", "labels");
        }

        return (training, heldOut);
    }

    private static void Validate(ProjectionTrainerOptions o)
    {
        _ = new MetricLoss(o.Margin, o.DistanceThreshold); // validates margin and threshold
        Require(o.PeoplePerBatch >= 2, nameof(o.PeoplePerBatch), o.PeoplePerBatch, "must be at least 2");
        Require(o.SamplesPerPerson >= 2, nameof(o.SamplesPerPerson), o.SamplesPerPerson, "must be at least 2");
        Require(o.BatchesPerEpoch >= 0, nameof(o.BatchesPerEpoch), o.BatchesPerEpoch, "must not be negative");
        Require(double.IsFinite(o.LearningRate) && o.LearningRate > 0, nameof(o.LearningRate), o.LearningRate, "must be finite and positive");
        Require(double.IsFinite(o.MinLearningRate) && o.MinLearningRate >= 0, nameof(o.MinLearningRate), o.MinLearningRate, "must be finite and not negative");
        Require(o.LearningRateShrinkFactor is > 0 and < 1, nameof(o.LearningRateShrinkFactor), o.LearningRateShrinkFactor, "must lie in (0, 1)");
        Require(o.PlateauEpochs >= 1, nameof(o.PlateauEpochs), o.PlateauEpochs, "must be at least 1");
        Require(o.EarlyStoppingEpochs >= 1, nameof(o.EarlyStoppingEpochs), o.EarlyStoppingEpochs, "must be at least 1");
        Require(o.MaxEpochs >= 1, nameof(o.MaxEpochs), o.MaxEpochs, "must be at least 1");
        Require(o.Momentum is >= 0 and < 1, nameof(o.Momentum), o.Momentum, "must lie in [0, 1)");
        Require(double.IsFinite(o.WeightDecay) && o.WeightDecay >= 0, nameof(o.WeightDecay), o.WeightDecay, "must be finite and not negative");
        Require(o.HeldOutFraction is > 0 and < 1, nameof(o.HeldOutFraction), o.HeldOutFraction, "must lie in (0, 1)");
        Require(o.EvaluationSamples is >= 4 and <= MetricLoss.MaxBatchSize, nameof(o.EvaluationSamples), o.EvaluationSamples, $"must lie in [4, {MetricLoss.MaxBatchSize}]");
        Require((long)o.PeoplePerBatch * o.SamplesPerPerson <= MetricLoss.MaxBatchSize, nameof(o.SamplesPerPerson), o.SamplesPerPerson, $"times PeoplePerBatch must not exceed {MetricLoss.MaxBatchSize}");
    }

    private static void Require(bool condition, string name, object value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{nameof(ProjectionTrainerOptions)}.{name} {rule}.");
        }
    }

    /// <summary>Buffers of one <see cref="Train"/> call, sized for its largest batch.</summary>
    private sealed class Scratch(int rows, int inputDimension, int outputDimension, int weightCount)
    {
        public int[] Samples { get; } = new int[rows];

        public int[] Labels { get; } = new int[rows];

        public float[] Features { get; } = new float[rows * inputDimension];

        public float[] Embeddings { get; } = new float[rows * outputDimension];

        public float[] EmbeddingGradient { get; } = new float[rows * outputDimension];

        public float[] WeightGradient { get; } = new float[weightCount];
    }

    /// <summary>A fixed set of samples (features and identity ordinals) on which every epoch is measured.</summary>
    private sealed class EvaluationSet
    {
        private EvaluationSet(float[] features, int[] labels, int inputDimension)
        {
            Features = features;
            Labels = labels;
            InputDimension = inputDimension;
        }

        public float[] Features { get; }

        public int[] Labels { get; }

        public int InputDimension { get; }

        public int Count => Labels.Length;

        /// <summary>All samples of the identities when they fit in <see cref="ProjectionTrainerOptions.EvaluationSamples"/>;
        /// otherwise identities in seeded random order, up to K samples each, until the set is full.</summary>
        public static EvaluationSet Create(
            ReadOnlySpan<float> features, int inputDimension, List<int[]> identities, ProjectionTrainerOptions options, SplitMix64 random)
        {
            var chosen = new List<(int Sample, int Identity)>();
            if (identities.Sum(s => s.Length) <= options.EvaluationSamples)
            {
                for (int id = 0; id < identities.Count; id++)
                {
                    chosen.AddRange(identities[id].Select(s => (s, id)));
                }
            }
            else
            {
                int[] order = Enumerable.Range(0, identities.Count).ToArray();
                random.ShuffleFront(order, order.Length);
                foreach (int id in order)
                {
                    int[] pool = (int[])identities[id].Clone();
                    // At most half the set per identity, so that at least two identities fit.
                    int take = Math.Min(
                        Math.Min(options.SamplesPerPerson, pool.Length),
                        Math.Min(options.EvaluationSamples - chosen.Count, options.EvaluationSamples / 2));
                    if (take < 2)
                    {
                        break;
                    }

                    random.ShuffleFront(pool, take);
                    chosen.AddRange(pool.Take(take).Select(s => (s, id)));
                }
            }

            var x = new float[chosen.Count * inputDimension];
            for (int i = 0; i < chosen.Count; i++)
            {
                features.Slice(chosen[i].Sample * inputDimension, inputDimension).CopyTo(x.AsSpan(i * inputDimension, inputDimension));
            }

            return new EvaluationSet(x, chosen.Select(c => c.Identity).ToArray(), inputDimension);
        }
    }
}
