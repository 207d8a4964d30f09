namespace FaceMetric.Identification;

/// <summary>
/// The answer of <see cref="FaceGallery.Identify(FaceMetric.Embedding.FaceDescriptor, int)"/>: who the probe is,
/// or unknown, and how close the evidence is. Immutable value.
/// </summary>
/// <remarks>
/// <see cref="Label"/> is null ("unknown") exactly when the probe's nearest enrolled face is not strictly under
/// the gallery's threshold (or the gallery is empty). <see cref="Distance"/> is then the nearest distance
/// (+infinity for an empty gallery); otherwise it is the distance to the nearest enrolled face of <see cref="Label"/>,
/// which is under the threshold.
/// </remarks>
/// <param name="Label">The identified label, or null for unknown.</param>
/// <param name="Distance">See the remarks: 0 or more, or +infinity.</param>
public readonly record struct FaceIdentification(string? Label, float Distance)
{
    /// <summary>True when no enrolled person is close enough (<see cref="Label"/> is null).</summary>
    public bool IsUnknown => Label is null;
}
