namespace FaceMetric.Matching;

/// <summary>
/// The outcome of comparing two face descriptors with <see cref="FaceMatcher"/>: the distance, the threshold it was
/// judged against, and dlib's decision. Immutable value.
/// </summary>
/// <remarks>
/// Guarantees: <see cref="IsSamePerson"/> == (<see cref="Distance"/> &lt; <see cref="Threshold"/>), always; the
/// decision is computed from the two stored values, never stored separately.
/// </remarks>
public readonly record struct FaceMatch
{
    /// <summary>Creates a match result.</summary>
    /// <param name="distance">The Euclidean distance between the two descriptors: finite and 0 or more.</param>
    /// <param name="threshold">The threshold the distance is judged against: finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative, zero (threshold) or not finite.</exception>
    public FaceMatch(float distance, float threshold)
    {
        if (!float.IsFinite(distance) || distance < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(distance), distance, "A distance must be finite and 0 or more.");
        }

        FaceMatcher.ValidateThreshold(threshold, nameof(threshold));
        Distance = distance;
        Threshold = threshold;
    }

    /// <summary>The Euclidean distance between the two descriptors (0 or more).</summary>
    public float Distance { get; }

    /// <summary>The threshold used for the decision (finite, greater than 0).</summary>
    public float Threshold { get; }

    /// <summary>True when <see cref="Distance"/> is strictly below <see cref="Threshold"/> (dlib's rule).</summary>
    public bool IsSamePerson => Distance < Threshold;
}
