namespace FaceMetric.People;

/// <summary>A person of a <see cref="PeopleLibrary"/> and their faces, as it stood when it was read. Immutable snapshot.</summary>
/// <param name="Id">The person's id (stable: kept across additions, corrections and re-clusters while the person has faces).</param>
/// <param name="Name">The name a user gave, or null.</param>
/// <param name="Faces">The person's faces, ascending by id; never two of one photo.</param>
public sealed record LibraryPerson(long Id, string? Name, IReadOnlyList<LibraryFace> Faces);
