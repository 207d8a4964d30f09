namespace FaceMetric.Clustering;

/// <summary>
/// Compressed sparse rows of dlib's ordered edge list: for node i, <c>Targets[Offsets[i] .. Offsets[i+1])</c> are its
/// neighbours sorted ascending (dlib's <c>convert_unordered_to_ordered</c> + sort by index + <c>find_neighbor_ranges</c>).
/// </summary>
internal sealed class AdjacencyList
{
    private AdjacencyList(int nodeCount, int[] offsets, int[] targets, double[] weights)
    {
        NodeCount = nodeCount;
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
    }

    /// <summary>n = largest index + 1.</summary>
    public int NodeCount { get; }

    /// <summary>n + 1 offsets into <see cref="Targets"/>.</summary>
    public int[] Offsets { get; }

    /// <summary>Neighbour indices, grouped by source node, ascending within a group.</summary>
    public int[] Targets { get; }

    /// <summary>The weight of each ordered edge.</summary>
    public double[] Weights { get; }

    /// <summary>Builds the sorted ordered edge list of an undirected edge list (at least one edge).</summary>
    public static AdjacencyList Build(IReadOnlyList<WeightedEdge> edges)
    {
        long orderedCount = 0;
        int maxIndex = 0;
        foreach (WeightedEdge edge in edges)
        {
            orderedCount += edge.Index1 == edge.Index2 ? 1 : 2;
            maxIndex = Math.Max(maxIndex, edge.Index2);
        }

        if (orderedCount > Array.MaxLength || maxIndex == int.MaxValue)
        {
            throw new ArgumentException("The graph is too large: at most int.MaxValue - 1 nodes and Array.MaxLength ordered edges.", nameof(edges));
        }

        int n = maxIndex + 1;

        // Counting sort by source node (stable: input order is kept within a source).
        int[] offsets = new int[n + 1];
        foreach (WeightedEdge edge in edges)
        {
            offsets[edge.Index1 + 1]++;
            if (edge.Index1 != edge.Index2)
            {
                offsets[edge.Index2 + 1]++;
            }
        }

        for (int i = 0; i < n; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        int count = (int)orderedCount;
        long[] keys = new long[count];
        double[] weights = new double[count];
        int[] cursor = offsets.AsSpan(0, n).ToArray();
        int sequence = 0;
        foreach (WeightedEdge edge in edges)
        {
            Place(edge.Index1, edge.Index2, edge.Weight);
            if (edge.Index1 != edge.Index2)
            {
                Place(edge.Index2, edge.Index1, edge.Weight);
            }
        }

        // Within each source, sort by target; the key's low half (input sequence) keeps duplicates in input order.
        int[] targets = new int[count];
        for (int i = 0; i < n; i++)
        {
            int begin = offsets[i];
            int length = offsets[i + 1] - begin;
            if (length > 1)
            {
                Array.Sort(keys, weights, begin, length);
            }
        }

        for (int e = 0; e < count; e++)
        {
            targets[e] = (int)(keys[e] >> 32);
        }

        return new AdjacencyList(n, offsets, targets, weights);

        void Place(int source, int target, double weight)
        {
            int slot = cursor[source]++;
            keys[slot] = ((long)target << 32) | (uint)sequence++;
            weights[slot] = weight;
        }
    }
}
