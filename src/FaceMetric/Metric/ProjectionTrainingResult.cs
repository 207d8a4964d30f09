namespace FaceMetric.Metric;

/// <summary>
/// The outcome of <see cref="ProjectionTrainer.Train"/>: the weights of the epoch with the lowest held-out loss (which
/// may be the initial weights, epoch 0), and what every epoch measured. Immutable and thread-safe.
/// </summary>
public sealed class ProjectionTrainingResult
{
    private readonly float[] _weights;
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<ProjectionEpoch> _history;

    internal ProjectionTrainingResult(
        float[] weights,
        int inputDimension,
        int outputDimension,
        ProjectionEpoch[] history,
        int bestEpoch,
        ProjectionStopReason stopReason,
        int trainingIdentities,
        int heldOutIdentities)
    {
        _weights = weights;
        _history = Array.AsReadOnly(history);
        InputDimension = inputDimension;
        OutputDimension = outputDimension;
        BestEpoch = bestEpoch;
        StopReason = stopReason;
        TrainingIdentities = trainingIdentities;
        HeldOutIdentities = heldOutIdentities;
    }

    /// <summary>The trained W, [<see cref="InputDimension"/> × <see cref="OutputDimension"/>] row-major, so that an
    /// embedding is <c>y = x·W</c> (dlib's and face-api's <c>fc</c> layout).</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>Rows of W: the length of a feature vector.</summary>
    public int InputDimension { get; }

    /// <summary>Columns of W: the length of an embedding.</summary>
    public int OutputDimension { get; }

    /// <summary>One entry per epoch run, starting with epoch 0 (the initial weights).</summary>
    public IReadOnlyList<ProjectionEpoch> History => _history;

    /// <summary>The epoch whose weights are <see cref="Weights"/>: the lowest held-out loss (earliest on ties).</summary>
    public int BestEpoch { get; }

    /// <summary>The measurements of <see cref="BestEpoch"/>.</summary>
    public ProjectionEpoch Best => _history[BestEpoch];

    /// <summary>Why training stopped.</summary>
    public ProjectionStopReason StopReason { get; }

    /// <summary>Identities the mini-batches were drawn from.</summary>
    public int TrainingIdentities { get; }

    /// <summary>Identities held out for early stopping (never trained on).</summary>
    public int HeldOutIdentities { get; }

    /// <summary>Returns a new array holding a copy of <see cref="Weights"/>.</summary>
    /// <returns>A fresh array the caller owns.</returns>
    public float[] ToWeightArray() => (float[])_weights.Clone();
}
