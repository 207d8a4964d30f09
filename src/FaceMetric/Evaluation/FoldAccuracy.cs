namespace FaceMetric.Evaluation;

/// <summary>The verification accuracy of one fold (or of the test set of a single split).</summary>
/// <param name="Fold">The fold identifier as given (0 for a single split).</param>
/// <param name="Threshold">The decision threshold applied: "same person" when distance &lt; threshold.</param>
/// <param name="Pairs">Pairs in the fold, failed ones included.</param>
/// <param name="Correct">Pairs decided correctly.</param>
/// <param name="Failed">Pairs whose distance is NaN (an image without a descriptor); each counts as wrong.</param>
public readonly record struct FoldAccuracy(int Fold, double Threshold, int Pairs, int Correct, int Failed)
{
    /// <summary><see cref="Correct"/> / <see cref="Pairs"/>, in [0, 1].</summary>
    public double Accuracy => (double)Correct / Pairs;
}
