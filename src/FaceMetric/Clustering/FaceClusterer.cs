using System.Buffers;
using System.Numerics.Tensors;
using FaceMetric.Embedding;
using FaceMetric.Matching;

namespace FaceMetric.Clustering;

/// <summary>
/// Groups face descriptors by person the way dlib's <c>dnn_face_recognition_ex.cpp</c> does: an edge (weight 1)
/// joins every pair closer than the threshold, self-loops included, and <see cref="ChineseWhispers"/> labels the graph.
/// </summary>
/// <remarks>
/// <para>The graph is built with the cache-blocked many-to-many kernel (norm identity); every pair the kernel
/// puts within a small error band of the threshold or below it is re-measured directly, so each edge decision is
/// <c>length(a - b) &lt; threshold</c> computed in float, as in dlib (up to float summation order, ~1e-7).</para>
/// <para>Immutable and thread-safe; <see cref="Cluster"/> may use several threads for the graph.</para>
/// </remarks>
public sealed class FaceClusterer
{
    /// <summary>Creates a clusterer.</summary>
    /// <param name="threshold">Pairs closer than this are joined: finite, greater than 0. Default 0.6 (dlib).</param>
    /// <param name="iterations">Chinese Whispers iterations, 0 or more. Default 100 (dlib).</param>
    /// <param name="seed">Chinese Whispers seed string; null or empty is dlib's default generator.</param>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not finite and positive, or iterations is negative.</exception>
    public FaceClusterer(float threshold = FaceMatcher.DefaultThreshold, int iterations = ChineseWhispers.DefaultIterations, string? seed = null)
    {
        FaceMatcher.ValidateThreshold(threshold, nameof(threshold));
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        Threshold = threshold;
        Iterations = iterations;
        Seed = seed ?? string.Empty;
    }

    /// <summary>The distance below which two faces are joined.</summary>
    public float Threshold { get; }

    /// <summary>Chinese Whispers iterations.</summary>
    public int Iterations { get; }

    /// <summary>Chinese Whispers seed string ("" is dlib's default).</summary>
    public string Seed { get; }

    /// <summary>Clusters descriptors; node i of the result is <paramref name="descriptors"/>[i].</summary>
    /// <param name="descriptors">The faces; may be empty.</param>
    /// <param name="progress">
    /// Optional: receives how many descriptors have had their edges found (rising to the count; from worker threads,
    /// not necessarily in order). Chinese Whispers then runs without reports (a few percent of the time).
    /// </param>
    /// <param name="cancellationToken">Checked between blocks of the graph and between Chinese Whispers passes.</param>
    /// <returns>One label per descriptor and the member indices of each cluster.</returns>
    /// <exception cref="ArgumentNullException">The list or one of its items is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ClusterResult Cluster(IReadOnlyList<FaceDescriptor> descriptors, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        int n = descriptors.Count;
        float[] rows = new float[(long)n * FaceDescriptor.Length];
        for (int i = 0; i < n; i++)
        {
            FaceDescriptor d = descriptors[i] ?? throw new ArgumentNullException(nameof(descriptors), $"Descriptor {i} is null.");
            d.CopyTo(rows.AsSpan(i * FaceDescriptor.Length, FaceDescriptor.Length));
        }

        return ClusterRows(rows, n, progress, cancellationToken);
    }

    /// <summary>Clusters <paramref name="n"/> contiguous 128-d rows (the core of <see cref="Cluster"/>).</summary>
    internal ClusterResult ClusterRows(float[] rows, int n, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        List<WeightedEdge> edges = BuildEdges(rows, n, FaceDescriptor.Length, Threshold, progress, cancellationToken);
        return ChineseWhispers.Run(edges, Iterations, Seed, cancellationToken);
    }

    /// <summary>
    /// The thresholded graph: (i, j, 1) for every i &lt;= j with <c>||row i - row j|| &lt; threshold</c>.
    /// Edges come out ordered by i, then j.
    /// </summary>
    internal static List<WeightedEdge> BuildEdges(
        float[] rows, int n, int dimension, float threshold, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (n == 0)
        {
            return [];
        }

        float[] norms = new float[n];
        DistanceKernels.SquaredNorms(rows.AsSpan(0, n * dimension), dimension, norms);
        float threshold2 = threshold * threshold;
        int blockCount = (n + DistanceKernels.BlockRowsA - 1) / DistanceKernels.BlockRowsA;
        var perBlock = new List<WeightedEdge>[blockCount];
        int done = 0;
        Parallel.For(0, blockCount, new ParallelOptions { CancellationToken = cancellationToken }, block =>
        {
            perBlock[block] = BuildBlockEdges(rows, norms, n, dimension, threshold, threshold2, block);
            progress?.Report(Interlocked.Add(ref done, Math.Min(DistanceKernels.BlockRowsA, n - (block * DistanceKernels.BlockRowsA))));
        });

        var edges = new List<WeightedEdge>(perBlock.Sum(b => b.Count));
        foreach (List<WeightedEdge> blockEdges in perBlock)
        {
            edges.AddRange(blockEdges);
        }

        return edges;
    }

    /// <summary>Edges whose first node lies in A block <paramref name="block"/> (upper triangle only).</summary>
    private static List<WeightedEdge> BuildBlockEdges(
        float[] rows, float[] norms, int n, int dimension, float threshold, float threshold2, int block)
    {
        int i0 = block * DistanceKernels.BlockRowsA;
        int rowsA = Math.Min(DistanceKernels.BlockRowsA, n - i0);
        ReadOnlySpan<float> blockA = rows.AsSpan(i0 * dimension, rowsA * dimension);
        float[] tile = ArrayPool<float>.Shared.Rent(DistanceKernels.BlockRowsA * DistanceKernels.BlockRowsB);
        var edges = new List<WeightedEdge>();
        var pending = new List<WeightedEdge>[rowsA];
        for (int i = 0; i < rowsA; i++)
        {
            pending[i] = [];
        }

        try
        {
            for (int j0 = i0; j0 < n; j0 += DistanceKernels.BlockRowsB)
            {
                int rowsB = Math.Min(DistanceKernels.BlockRowsB, n - j0);
                ReadOnlySpan<float> blockB = rows.AsSpan(j0 * dimension, rowsB * dimension);
                DistanceKernels.DotTile(blockA, rowsA, blockB, rowsB, dimension, tile, rowsB);
                for (int i = 0; i < rowsA; i++)
                {
                    int gi = i0 + i;
                    float na = norms[gi];
                    ReadOnlySpan<float> dots = tile.AsSpan(i * rowsB, rowsB);
                    int jStart = Math.Max(0, gi - j0);
                    for (int j = jStart; j < rowsB; j++)
                    {
                        int gj = j0 + j;
                        float sum = na + norms[gj];

                        // The identity's float error is well under 1e-5 of the norm sum: anything that could be
                        // under the threshold is re-measured directly and decided on the direct distance.
                        float approx = sum - (2f * dots[j]);
                        if (approx < threshold2 + (1e-5f * sum) + 1e-6f)
                        {
                            float d = TensorPrimitives.Distance(
                                rows.AsSpan(gi * dimension, dimension), rows.AsSpan(gj * dimension, dimension));
                            if (d < threshold)
                            {
                                pending[i].Add(new WeightedEdge(gi, gj));
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

        foreach (List<WeightedEdge> rowEdges in pending)
        {
            edges.AddRange(rowEdges);
        }

        return edges;
    }
}
