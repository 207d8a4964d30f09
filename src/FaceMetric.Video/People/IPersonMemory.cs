namespace FaceMetric.Video.People;

/// <summary>
/// What the video tracker remembers of each person and how it decides who a new face is. Two implementations:
/// <see cref="NeighborMemory"/> (every face kept, k-nearest-neighbour vote: the shipped one) and
/// <see cref="MeanMemory"/> (one mean descriptor per person: the averaging the original question proposed, kept
/// only to measure it against).
/// </summary>
/// <remarks>Persons are numbered 0, 1, ... in order of <see cref="NewPerson"/>. Not thread-safe.</remarks>
internal interface IPersonMemory
{
    /// <summary>Persons opened so far.</summary>
    int PersonCount { get; }

    /// <summary>Opens a person with no face yet and returns its number.</summary>
    int NewPerson();

    /// <summary>Remembers a face of a person.</summary>
    void Add(ReadOnlySpan<float> descriptor, int person);

    /// <summary>
    /// Who the face is among the persons not excluded: the winner (or -1: nobody under the threshold) and its
    /// distance; and, for every person, the distance to that person (nearest face, or mean) in
    /// <paramref name="personDistances"/> (+infinity for a person with no face).
    /// </summary>
    (int Person, float Distance) Decide(ReadOnlySpan<float> descriptor, ReadOnlySpan<bool> excluded, Span<float> personDistances);
}
