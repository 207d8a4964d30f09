namespace FaceMetric.People;

/// <summary>A person seen in the same photos as another. Immutable value.</summary>
/// <param name="PersonId">The other person.</param>
/// <param name="SharedPhotos">How many photos show both, 1 or more.</param>
public readonly record struct CoOccurrence(long PersonId, int SharedPhotos);
