using System.Buffers;
using FaceMetric.Matching;

namespace FaceMetric.Identification;

/// <summary>
/// Exact k-nearest-neighbour search over a <see cref="DescriptorStore"/>: a full SIMD scan for one query, the
/// cache-blocked kernel for a batch. Callers hold the store's read lock for the duration.
/// </summary>
internal static class NeighborSearch
{
    /// <summary>Rows scored per chunk of a single-query scan (4 KiB of distances, stays in L1).</summary>
    private const int ChunkRows = 1024;

    /// <summary>Extra candidates kept per query in a batch, re-measured directly before the final cut.</summary>
    private const int BatchSlack = 4;

    /// <summary>
    /// The <paramref name="k"/> rows nearest to <paramref name="query"/> (direct distances), ascending by
    /// (distance, row); <paramref name="excludedRow"/> (or -1) is skipped.
    /// </summary>
    public static Neighbor[] Nearest(DescriptorStore store, ReadOnlySpan<float> query, int k, int excludedRow = -1)
    {
        int count = store.Count;
        var top = new TopK(Math.Min(k, count));
        if (count == 0)
        {
            return [];
        }

        ReadOnlySpan<float> rows = store.Rows;
        const int dimension = DescriptorStore.Dimension;
        Span<float> distances = stackalloc float[ChunkRows];
        for (int start = 0; start < count; start += ChunkRows)
        {
            int length = Math.Min(ChunkRows, count - start);
            DistanceKernels.OneToMany(query, rows.Slice(start * dimension, length * dimension), length, distances);
            float bound = top.Bound;
            for (int i = 0; i < length; i++)
            {
                // Rows arrive in ascending order, so a distance equal to the bound loses the tie: skip it.
                if (distances[i] < bound && start + i != excludedRow)
                {
                    top.Offer(distances[i], start + i);
                    bound = top.Bound;
                }
            }
        }

        return top.Sorted();
    }

    /// <summary>
    /// <see cref="Nearest"/> for many queries (<paramref name="queries"/>: <paramref name="queryCount"/> x 128
    /// floats) with the blocked kernel: query blocks run in parallel, each streams the store tile by tile and keeps
    /// its top k + 4 by the kernel's squared distances; those candidates are then re-measured directly, so the
    /// reported distances equal the single-query ones.
    /// </summary>
    public static Neighbor[][] NearestBatch(DescriptorStore store, float[] queries, int queryCount, int k)
    {
        const int dimension = DescriptorStore.Dimension;
        var results = new Neighbor[queryCount][];
        int count = store.Count;
        if (count == 0)
        {
            Array.Fill(results, []);
            return results;
        }

        float[] queryNorms = new float[queryCount];
        DistanceKernels.SquaredNorms(queries.AsSpan(0, queryCount * dimension), dimension, queryNorms);
        int keep = Math.Min(count, k + BatchSlack);
        int blockCount = (queryCount + DistanceKernels.BlockRowsA - 1) / DistanceKernels.BlockRowsA;
        float[] rowArray = store.RowArray;
        float[] normArray = store.NormArray;

        Parallel.For(0, blockCount, block =>
        {
            int q0 = block * DistanceKernels.BlockRowsA;
            int rowsA = Math.Min(DistanceKernels.BlockRowsA, queryCount - q0);
            var tops = new TopK[rowsA];
            for (int i = 0; i < rowsA; i++)
            {
                tops[i] = new TopK(keep);
            }

            float[] tile = ArrayPool<float>.Shared.Rent(DistanceKernels.BlockRowsA * DistanceKernels.BlockRowsB);
            try
            {
                ReadOnlySpan<float> blockA = queries.AsSpan(q0 * dimension, rowsA * dimension);
                for (int j0 = 0; j0 < count; j0 += DistanceKernels.BlockRowsB)
                {
                    int rowsB = Math.Min(DistanceKernels.BlockRowsB, count - j0);
                    DistanceKernels.SquaredDistanceTile(
                        blockA, queryNorms.AsSpan(q0, rowsA), rowArray.AsSpan(j0 * dimension, rowsB * dimension),
                        normArray.AsSpan(j0, rowsB), dimension, tile, rowsB);
                    for (int i = 0; i < rowsA; i++)
                    {
                        TopK top = tops[i];
                        float bound = top.Bound;
                        ReadOnlySpan<float> d2 = tile.AsSpan(i * rowsB, rowsB);
                        for (int j = 0; j < rowsB; j++)
                        {
                            if (d2[j] < bound)
                            {
                                top.Offer(d2[j], j0 + j);
                                bound = top.Bound;
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(tile);
            }

            for (int i = 0; i < rowsA; i++)
            {
                ReadOnlySpan<float> query = queries.AsSpan((q0 + i) * dimension, dimension);
                var exact = new TopK(Math.Min(k, count));
                foreach (Neighbor candidate in tops[i].Sorted())
                {
                    exact.Offer(FaceDistance.Euclidean(query, rowArray.AsSpan(candidate.Row * dimension, dimension)), candidate.Row);
                }

                results[q0 + i] = exact.Sorted();
            }
        });

        return results;
    }
}
