namespace FaceMetric.Clustering;

/// <summary>
/// An undirected edge of a similarity graph, as dlib's <c>sample_pair</c>: two node indices and a weight.
/// Immutable value.
/// </summary>
/// <remarks>
/// The indices are stored ordered (<see cref="Index1"/> &lt;= <see cref="Index2"/>), as dlib does, so (3, 1) and
/// (1, 3) are the same edge. <see cref="Index1"/> == <see cref="Index2"/> is a self-loop. The weight is a
/// <em>similarity</em>: Chinese Whispers adds it to the vote for the neighbour's label, so larger means a
/// stronger tie (dlib calls it <c>distance()</c>, but uses it as a vote). Thresholded face graphs use weight 1.
/// </remarks>
public readonly record struct WeightedEdge
{
    /// <summary>Creates an edge.</summary>
    /// <param name="index1">A node index, 0 or more.</param>
    /// <param name="index2">Another (or the same) node index, 0 or more.</param>
    /// <param name="weight">The vote weight: finite. Default 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or the weight is not finite.</exception>
    public WeightedEdge(int index1, int index2, double weight = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index1);
        ArgumentOutOfRangeException.ThrowIfNegative(index2);
        if (!double.IsFinite(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "An edge weight must be finite.");
        }

        Index1 = Math.Min(index1, index2);
        Index2 = Math.Max(index1, index2);
        Weight = weight;
    }

    /// <summary>The smaller node index.</summary>
    public int Index1 { get; }

    /// <summary>The larger node index (equal to <see cref="Index1"/> for a self-loop).</summary>
    public int Index2 { get; }

    /// <summary>The vote weight (a similarity; finite).</summary>
    public double Weight { get; }
}
