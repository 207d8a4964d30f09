using FaceMetric.Detection;
using FaceMetric.Embedding;

namespace FaceMetric.People;

/// <summary>One already-analysed face to add to a <see cref="PeopleLibrary"/>: where it is in its photo and its descriptor. Immutable value.</summary>
/// <param name="Box">The face's box in the photo's pixels.</param>
/// <param name="Descriptor">The face's 128-d descriptor (not null).</param>
public readonly record struct PhotoFace(DetectedFace Box, FaceDescriptor Descriptor);
