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
    /// <returns>One label per descriptor and the member indices of each cluster.</returns>
    /// <exception cref="ArgumentNullException">The list or one of its items is null.</exception>
    public ClusterResult Cluster(IReadOnlyList<FaceDescriptor> descriptors)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        int n = descriptors.Count;
        float[] rows = new float[(long)n * FaceDescriptor.Length];
        for (int i = 0; i < n; i++)
        {
            FaceDescriptor d = descriptors[i] ?? throw new ArgumentNullException(nameof(descriptors), $"Descriptor {i} is null.");
            d.CopyTo(rows.AsSpan(i * FaceDescriptor.Length, FaceDescriptor.Length));
        }

        return ClusterRows(rows, n);
    }

    /// <summary>Clusters <paramref name="n"/> contiguous 128-d rows (the core of <see cref="Cluster"/>).</summary>
    internal ClusterResult ClusterRows(float[] rows, int n)
    {
        List<WeightedEdge> edges = BuildEdges(rows, n, FaceDescriptor.Length, Threshold);
        return ChineseWhispers.Run(edges, Iterations, Seed);
    }

    /// <summary>
    /// The thresholded graph: (i, j, 1) for every i &lt;= j with <c>||row i - row j|| &lt; threshold</c>.
    /// Edges come out ordered by i, then j.
    /// </summary>
    internal static List<WeightedEdge> BuildEdges(float[] rows, int n, int dimension, float threshold) =>
        NearPairs.Find(rows, n, dimension, threshold, includeSelf: true).ConvertAll(p => new WeightedEdge(p.I, p.J));
}
