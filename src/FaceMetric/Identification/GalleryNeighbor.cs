namespace FaceMetric.Identification;

/// <summary>One enrolled face returned by <see cref="FaceGallery.Search"/>: its label and its distance to the probe. Immutable value.</summary>
/// <param name="Label">The label the face was enrolled under.</param>
/// <param name="Distance">The Euclidean distance to the probe, 0 or more.</param>
public readonly record struct GalleryNeighbor(string Label, float Distance);
