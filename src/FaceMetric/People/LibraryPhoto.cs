namespace FaceMetric.People;

/// <summary>A photo of a <see cref="PeopleLibrary"/>. Immutable snapshot.</summary>
/// <param name="Id">The photo's id in the library.</param>
/// <param name="SourcePath">The path it was added from.</param>
/// <param name="Hash">The SHA-256 of its bytes, lower-case hex (what makes "already added" decidable).</param>
/// <param name="Faces">Its faces, ascending by id (empty when none was found).</param>
public sealed record LibraryPhoto(long Id, string SourcePath, string Hash, IReadOnlyList<LibraryFace> Faces);
