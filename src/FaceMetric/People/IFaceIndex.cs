namespace FaceMetric.People;

/// <summary>
/// The nearest-neighbour search behind a <see cref="PeopleLibrary"/>: descriptors by row (rows are appended, never
/// removed), queried for the faces within a radius. The exact scan (<see cref="ExactFaceIndex"/>) is the default;
/// an approximate index or a server can replace it behind this interface.
/// </summary>
/// <remarks>Not thread-safe: the library serialises access.</remarks>
internal interface IFaceIndex
{
    /// <summary>The number of rows.</summary>
    int Count { get; }

    /// <summary>Appends a 128-d descriptor; returns its row (= the previous <see cref="Count"/>).</summary>
    int Add(ReadOnlySpan<float> descriptor);

    /// <summary>A stored descriptor.</summary>
    ReadOnlySpan<float> Descriptor(int row);

    /// <summary>
    /// Up to <paramref name="maxCount"/> rows strictly closer than <paramref name="radius"/> to <paramref name="query"/>,
    /// ascending by (distance, row). An approximate index may miss some; it must not return rows at or past the radius.
    /// </summary>
    IReadOnlyList<IndexNeighbor> Within(ReadOnlySpan<float> query, float radius, int maxCount);
}
