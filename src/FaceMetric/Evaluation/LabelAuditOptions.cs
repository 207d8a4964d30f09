using FaceMetric.Matching;

namespace FaceMetric.Evaluation;

/// <summary>Settings of a <see cref="LabelAudit"/>. Immutable; the defaults are the library's and need no tuning.</summary>
public sealed record LabelAuditOptions
{
    /// <summary>
    /// The same-person distance: faces closer than this are joined in the graph (dlib's 0.6, the distance the network
    /// was trained to separate people at). Finite and greater than 0.
    /// </summary>
    public float Threshold { get; init; } = FaceMatcher.DefaultThreshold;

    /// <summary>
    /// Faces of two identities closer than this are taken to be one photo filed twice. Default 0.2: the same photo at
    /// 240p, 480p, 720p and 1080p (face 49 to 217 pixels wide; face_recognition's obama-*.jpg) gives descriptors
    /// 0.06 to 0.17 apart, while different photos of one person are more than 0.2 apart in all but about 0.1% of LFW
    /// View 1 same-person pairs. Finite, 0 or more, and less than <see cref="Threshold"/> (0 turns the check off).
    /// </summary>
    public float NearDuplicateDistance { get; init; } = 0.2f;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    internal void Validate()
    {
        FaceMatcher.ValidateThreshold(Threshold, nameof(Threshold));
        if (!float.IsFinite(NearDuplicateDistance) || NearDuplicateDistance < 0 || NearDuplicateDistance >= Threshold)
        {
            throw new ArgumentOutOfRangeException(
                nameof(NearDuplicateDistance), NearDuplicateDistance, "The near-duplicate distance must be finite, 0 or more, and less than the threshold.");
        }
    }
}
