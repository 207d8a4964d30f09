namespace FaceMetric.Metric;

/// <summary>
/// Settings of <see cref="ProjectionTrainer"/>. The defaults follow dlib's recipe for its face network (SGD with
/// momentum 0.9 and weight decay 1e-4, learning rate divided by 10 on a plateau, dlib's loss with margin 0.04 around
/// 0.6). Immutable; validated when a trainer is created.
/// </summary>
public sealed record ProjectionTrainerOptions
{
    /// <summary>Loss margin m (&gt; 0, &lt; <see cref="DistanceThreshold"/>). Default 0.04, as dlib.</summary>
    public float Margin { get; init; } = MetricLoss.DefaultMargin;

    /// <summary>Loss distance threshold t, also the decision threshold of the held-out pair accuracy. Default 0.6.</summary>
    public float DistanceThreshold { get; init; } = MetricLoss.DefaultDistanceThreshold;

    /// <summary>Identities per mini-batch, P ≥ 2 (fewer when the training split has fewer). Default 16.</summary>
    public int PeoplePerBatch { get; init; } = 16;

    /// <summary>Samples per identity in a mini-batch, K ≥ 2 (all of an identity's samples when it has fewer). Default 4.</summary>
    public int SamplesPerPerson { get; init; } = 4;

    /// <summary>Mini-batches per epoch, ≥ 1; 0 (the default) means as many as it takes to draw about every training
    /// sample once: max(1, training samples / (P·K)).</summary>
    public int BatchesPerEpoch { get; init; }

    /// <summary>Initial learning rate, &gt; 0. Default 0.1, as dlib's metric-learning examples (dlib's loss gradient is
    /// small: each active pair weighs 0.5/P).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Training stops when the learning rate falls below this, ≥ 0. Default 1e-5.</summary>
    public double MinLearningRate { get; init; } = 1e-5;

    /// <summary>Factor applied to the learning rate on a plateau, in (0, 1). Default 0.1, as dlib.</summary>
    public double LearningRateShrinkFactor { get; init; } = 0.1;

    /// <summary>Epochs without a new best held-out loss before the learning rate shrinks, ≥ 1. Default 3.</summary>
    public int PlateauEpochs { get; init; } = 3;

    /// <summary>Epochs without a new best held-out loss before training stops, ≥ 1. Default 8.</summary>
    public int EarlyStoppingEpochs { get; init; } = 8;

    /// <summary>Upper bound on the number of epochs, ≥ 1. Default 100.</summary>
    public int MaxEpochs { get; init; } = 100;

    /// <summary>SGD momentum, in [0, 1). Default 0.9, as dlib.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Weight decay (L2, applied as dlib does: <c>− weight_decay·lr·W</c> per step), ≥ 0. Default 1e-4, as
    /// dlib's face recognition training.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Whether whole identities or some samples of each identity are held out. Default
    /// <see cref="ProjectionHoldOut.Identities"/>.</summary>
    public ProjectionHoldOut HoldOut { get; init; } = ProjectionHoldOut.Identities;

    /// <summary>Share held out for early stopping, in (0, 1): of the identities (at least two held out and two kept), or
    /// of each identity's samples (at least two held out and two kept), depending on <see cref="HoldOut"/>.
    /// Default 0.2.</summary>
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>Most samples in each of the two fixed evaluation sets (training and held-out), in
    /// [4, <see cref="MetricLoss.MaxBatchSize"/>]. Default 512.</summary>
    public int EvaluationSamples { get; init; } = 512;

    /// <summary>Seed of every random choice (split, batches, evaluation sets). Default 5489.</summary>
    public ulong Seed { get; init; } = 5489;
}
