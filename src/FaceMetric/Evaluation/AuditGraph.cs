using System.Buffers;
using System.Numerics.Tensors;
using FaceMetric.Embedding;
using FaceMetric.Matching;

namespace FaceMetric.Evaluation;

/// <summary>
/// The thresholded face graph of a label audit with its distances: for node i, <c>Targets[Offsets[i] .. Offsets[i+1])</c>
/// are the other nodes closer than the threshold (ascending) and <c>Distances</c> their exact distances.
/// </summary>
/// <remarks>
/// Built like <see cref="Clustering.FaceClusterer"/>'s graph: the cache-blocked dot-product kernel screens all pairs
/// (upper triangle, parallel over blocks of rows); every pair the norm identity puts near or under the threshold is
/// re-measured directly, so an edge means <c>||a - b|| &lt; threshold</c> computed in float. Self-loops are not stored.
/// </remarks>
internal sealed class AuditGraph
{
    private AuditGraph(int nodeCount, int[] offsets, int[] targets, float[] distances)
    {
        NodeCount = nodeCount;
        Offsets = offsets;
        Targets = targets;
        Distances = distances;
    }

    public int NodeCount { get; }

    public int[] Offsets { get; }

    public int[] Targets { get; }

    public float[] Distances { get; }

    /// <summary>The graph of <paramref name="n"/> contiguous 128-d rows at <paramref name="threshold"/>.</summary>
    public static AuditGraph Build(float[] rows, int n, float threshold)
    {
        const int dimension = FaceDescriptor.Length;
        float[] norms = new float[n];
        DistanceKernels.SquaredNorms(rows.AsSpan(0, n * dimension), dimension, norms);
        int blockCount = (n + DistanceKernels.BlockRowsA - 1) / DistanceKernels.BlockRowsA;
        var perBlock = new List<(int I, int J, float D)>[blockCount];
        Parallel.For(0, blockCount, block => perBlock[block] = BlockPairs(rows, norms, n, threshold, block));

        int[] offsets = new int[n + 1];
        long total = 0;
        foreach (var pairs in perBlock)
        {
            foreach (var (i, j, _) in pairs)
            {
                offsets[i + 1]++;
                offsets[j + 1]++;
            }

            total += 2L * pairs.Count;
        }

        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException("The face graph has more edges than one array can hold; lower the threshold.");
        }

        for (int i = 0; i < n; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        int[] targets = new int[total];
        float[] distances = new float[total];
        int[] cursor = offsets.AsSpan(0, n).ToArray();
        foreach (var pairs in perBlock)
        {
            foreach (var (i, j, d) in pairs)
            {
                targets[cursor[i]] = j;
                distances[cursor[i]++] = d;
                targets[cursor[j]] = i;
                distances[cursor[j]++] = d;
            }
        }

        for (int i = 0; i < n; i++)
        {
            int length = offsets[i + 1] - offsets[i];
            if (length > 1)
            {
                Array.Sort(targets, distances, offsets[i], length);
            }
        }

        return new AuditGraph(n, offsets, targets, distances);
    }

    /// <summary>Pairs (i &lt; j) under the threshold whose i lies in A block <paramref name="block"/>.</summary>
    private static List<(int I, int J, float D)> BlockPairs(float[] rows, float[] norms, int n, float threshold, int block)
    {
        const int dimension = FaceDescriptor.Length;
        int i0 = block * DistanceKernels.BlockRowsA;
        int rowsA = Math.Min(DistanceKernels.BlockRowsA, n - i0);
        ReadOnlySpan<float> blockA = rows.AsSpan(i0 * dimension, rowsA * dimension);
        float threshold2 = threshold * threshold;
        float[] tile = ArrayPool<float>.Shared.Rent(DistanceKernels.BlockRowsA * DistanceKernels.BlockRowsB);
        var pairs = new List<(int I, int J, float D)>();
        try
        {
            for (int j0 = i0; j0 < n; j0 += DistanceKernels.BlockRowsB)
            {
                int rowsB = Math.Min(DistanceKernels.BlockRowsB, n - j0);
                DistanceKernels.DotTile(blockA, rowsA, rows.AsSpan(j0 * dimension, rowsB * dimension), rowsB, dimension, tile, rowsB);
                for (int i = 0; i < rowsA; i++)
                {
                    int gi = i0 + i;
                    float na = norms[gi];
                    ReadOnlySpan<float> dots = tile.AsSpan(i * rowsB, rowsB);
                    for (int j = Math.Max(0, gi + 1 - j0); j < rowsB; j++)
                    {
                        int gj = j0 + j;
                        float sum = na + norms[gj];

                        // The identity's float error is well under 1e-5 of the norm sum: anything that could be under
                        // the threshold is re-measured directly and decided on the direct distance.
                        if (sum - (2f * dots[j]) < threshold2 + (1e-5f * sum) + 1e-6f)
                        {
                            float d = TensorPrimitives.Distance(rows.AsSpan(gi * dimension, dimension), rows.AsSpan(gj * dimension, dimension));
                            if (d < threshold)
                            {
                                pairs.Add((gi, gj, d));
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tile);
        }

        return pairs;
    }
}
