using FaceMetric.Identification;

namespace FaceMetric.People;

/// <summary>
/// The exact search: every row in one <see cref="DescriptorStore"/> block, scanned in full per query by
/// <see cref="NeighborSearch.Nearest"/> (the galleries' SIMD scan). O(rows) per query; no approximation.
/// </summary>
internal sealed class ExactFaceIndex : IFaceIndex
{
    private readonly DescriptorStore _store = new();

    /// <inheritdoc/>
    public int Count => _store.Count;

    /// <summary>Reserves room for <paramref name="rows"/> rows (saves regrowth when a library is loaded).</summary>
    public void Reserve(int rows) => _store.EnsureCapacity(rows);

    /// <inheritdoc/>
    public int Add(ReadOnlySpan<float> descriptor)
    {
        int row = _store.Count;
        _store.Add(descriptor, row);
        return row;
    }

    /// <inheritdoc/>
    public ReadOnlySpan<float> Descriptor(int row) => _store.Row(row);

    /// <inheritdoc/>
    public IReadOnlyList<IndexNeighbor> Within(ReadOnlySpan<float> query, float radius, int maxCount)
    {
        Neighbor[] nearest = NeighborSearch.Nearest(_store, query, maxCount);
        var result = new List<IndexNeighbor>(nearest.Length);
        foreach (Neighbor n in nearest)
        {
            if (n.Distance >= radius)
            {
                break;
            }

            result.Add(new IndexNeighbor(n.Row, n.Distance));
        }

        return result;
    }
}
