namespace FaceMetric.Metric;

/// <summary>
/// Reusable scratch memory for <see cref="MetricLoss"/>. Passing the same workspace to every call makes the loss
/// allocation-free once the largest batch size has been seen (the buffers only grow, to n×n floats twice plus
/// n(n−1)/2 floats).
/// </summary>
/// <remarks>
/// Not thread-safe: one workspace serves one call at a time. A <see cref="MetricLoss"/> can be shared between
/// threads as long as each thread brings its own workspace.
/// </remarks>
internal sealed class MetricLossWorkspace
{
    /// <summary>Creates an empty workspace; buffers are allocated on first use.</summary>
    public MetricLossWorkspace()
    {
    }

    /// <summary>n×n: the Gram matrix, then the squared distances, then the distances (in place).</summary>
    internal float[] Pairwise { get; private set; } = [];

    /// <summary>n×n: dlib's <c>grad_mul</c>, the coefficients with which the gradient mixes the embeddings.</summary>
    internal float[] GradientWeights { get; private set; } = [];

    /// <summary>n(n−1)/2: squared distances of the non-matching pairs of the upper triangle.</summary>
    internal float[] NegativeSquaredDistances { get; private set; } = [];

    /// <summary>n: the diagonal of the Gram matrix (squared norms).</summary>
    internal float[] SquaredNorms { get; private set; } = [];

    /// <summary>n: one row of scratch.</summary>
    internal float[] Row { get; private set; } = [];

    /// <summary>n×d: the embeddings transposed (dimension-major), for the vectorised Gram.</summary>
    internal float[] Transposed { get; private set; } = [];

    /// <summary>Grows the buffers so that a batch of <paramref name="n"/> samples of <paramref name="dimension"/> values fits.</summary>
    internal void EnsureCapacity(int n, int dimension)
    {
        if (Transposed.Length < n * dimension)
        {
            Transposed = new float[n * dimension];
        }

        int square = n * n;
        if (Pairwise.Length < square)
        {
            Pairwise = new float[square];
            GradientWeights = new float[square];
        }

        int upper = n * (n - 1) / 2;
        if (NegativeSquaredDistances.Length < upper)
        {
            NegativeSquaredDistances = new float[upper];
        }

        if (SquaredNorms.Length < n)
        {
            SquaredNorms = new float[n];
            Row = new float[n];
        }
    }
}
