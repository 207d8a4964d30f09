namespace FaceMetric.Metric;

/// <summary>How well a projection separates a labelled set of faces (<see cref="ProjectionModel.Score"/>).</summary>
/// <param name="Loss">dlib's metric loss over all the faces as one batch.</param>
/// <param name="BalancedPairAccuracy">
/// The mean of the accuracy on same-person pairs (distance below the loss's threshold) and on different-person pairs
/// (distance at or above it), over all pairs; in [0, 1].
/// </param>
public readonly record struct ProjectionScore(double Loss, double BalancedPairAccuracy);
