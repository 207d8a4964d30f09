namespace FaceMetric.Metric;

/// <summary>
/// Thrown by <see cref="MetricLoss"/> when a mini-batch cannot be scored: dlib's <c>loss_metric_</c> needs at least
/// one matching pair (two samples with the same label) and at least one non-matching pair (two samples with
/// different labels) in every mini-batch.
/// </summary>
/// <remarks>dlib raises the same condition with <c>DLIB_CASSERT</c>, which throws even in release builds.</remarks>
public sealed class MetricBatchException : FaceMetricException
{
    /// <summary>Creates the exception for a batch with the given pair counts.</summary>
    /// <param name="positivePairs">Unordered pairs with equal labels found in the batch.</param>
    /// <param name="negativePairs">Unordered pairs with different labels found in the batch.</param>
    public MetricBatchException(long positivePairs, long negativePairs)
        : base(
            $"A metric-learning mini-batch needs both matching and non-matching pairs; this one has {positivePairs} " +
            $"matching and {negativePairs} non-matching pairs. Put at least two identities, one of them with two or " +
            "more samples, in every batch.")
    {
        PositivePairs = positivePairs;
        NegativePairs = negativePairs;
    }

    /// <summary>Unordered pairs of samples with equal labels in the rejected batch.</summary>
    public long PositivePairs { get; }

    /// <summary>Unordered pairs of samples with different labels in the rejected batch.</summary>
    public long NegativePairs { get; }
}
