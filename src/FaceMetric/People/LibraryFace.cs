using FaceMetric.Detection;

namespace FaceMetric.People;

/// <summary>A face kept in a <see cref="PeopleLibrary"/>, as it stood when it was read. Immutable snapshot.</summary>
/// <param name="Id">The face's id in the library (stable for the library's life).</param>
/// <param name="PhotoId">The id of the photo it was found in.</param>
/// <param name="SourcePath">The photo's path as it was given when the photo was added.</param>
/// <param name="Box">The face's box in the photo's pixels.</param>
/// <param name="PersonId">The person it belongs to, or null while it waits unassigned.</param>
/// <param name="Confirmed">True when a correction placed it (a move, merge, split or naming): a re-cluster keeps it where it is.</param>
public sealed record LibraryFace(long Id, long PhotoId, string SourcePath, DetectedFace Box, long? PersonId, bool Confirmed);
