using System.Buffers;
using System.Numerics.Tensors;

namespace FaceMetric.Matching;

/// <summary>
/// All pairs of rows closer than a threshold: the thresholded face graph that clustering and label audits are built on,
/// written once.
/// </summary>
/// <remarks>
/// The cache-blocked dot-product kernel screens the upper triangle (parallel over blocks of rows) through
/// <c>||a - b||² = ||a||² + ||b||² - 2 a·b</c>; the identity's float error is well under 1e-5 of the norm sum, so every
/// pair that could be under the threshold is re-measured directly and decided on the direct distance: a pair is
/// returned exactly when <c>TensorPrimitives.Distance(a, b) &lt; threshold</c>.
/// </remarks>
internal static class NearPairs
{
    /// <summary>The pairs (i, j) with i &lt; j (or i &lt;= j with <paramref name="includeSelf"/>) closer than <paramref name="threshold"/>, ordered by i, then j, with their distances.</summary>
    public static List<(int I, int J, float Distance)> Find(float[] rows, int n, int dimension, float threshold, bool includeSelf)
    {
        if (n == 0)
        {
            return [];
        }

        float[] norms = new float[n];
        DistanceKernels.SquaredNorms(rows.AsSpan(0, n * dimension), dimension, norms);
        int blockCount = (n + DistanceKernels.BlockRowsA - 1) / DistanceKernels.BlockRowsA;
        var perBlock = new List<(int, int, float)>[blockCount];
        Parallel.For(0, blockCount, block => perBlock[block] = FindInBlock(rows, norms, n, dimension, threshold, includeSelf, block));
        var pairs = new List<(int, int, float)>(perBlock.Sum(b => b.Count));
        foreach (var block in perBlock)
        {
            pairs.AddRange(block);
        }

        return pairs;
    }

    /// <summary>The pairs whose first row lies in A block <paramref name="block"/>, ordered by i, then j.</summary>
    private static List<(int, int, float)> FindInBlock(float[] rows, float[] norms, int n, int dimension, float threshold, bool includeSelf, int block)
    {
        int i0 = block * DistanceKernels.BlockRowsA;
        int rowsA = Math.Min(DistanceKernels.BlockRowsA, n - i0);
        ReadOnlySpan<float> blockA = rows.AsSpan(i0 * dimension, rowsA * dimension);
        float threshold2 = threshold * threshold;
        float[] tile = ArrayPool<float>.Shared.Rent(DistanceKernels.BlockRowsA * DistanceKernels.BlockRowsB);
        var pending = new List<(int, int, float)>[rowsA];
        for (int i = 0; i < rowsA; i++)
        {
            pending[i] = [];
        }

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
                    for (int j = Math.Max(0, gi + (includeSelf ? 0 : 1) - j0); j < rowsB; j++)
                    {
                        int gj = j0 + j;
                        float sum = na + norms[gj];
                        if (sum - (2f * dots[j]) < threshold2 + (1e-5f * sum) + 1e-6f)
                        {
                            float d = TensorPrimitives.Distance(rows.AsSpan(gi * dimension, dimension), rows.AsSpan(gj * dimension, dimension));
                            if (d < threshold)
                            {
                                pending[i].Add((gi, gj, d));
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

        var pairs = new List<(int, int, float)>(pending.Sum(p => p.Count));
        foreach (var row in pending)
        {
            pairs.AddRange(row);
        }

        return pairs;
    }
}
