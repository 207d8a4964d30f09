using FaceMetric.Numerics;

namespace FaceMetric.Clustering;

/// <summary>
/// Chinese Whispers graph clustering (Biemann, 2006) with the exact semantics of dlib 19.24's
/// <c>chinese_whispers(const std::vector&lt;sample_pair&gt;&amp;, labels, num_iterations, dlib::rand&amp;)</c>:
/// the same input gives the same labels as dlib, node for node.
/// </summary>
/// <remarks>
/// <para>What is reproduced, step by step:</para>
/// <list type="number">
/// <item>Each edge (i, j, w) with i != j becomes the ordered edges (i, j, w) and (j, i, w); a self-loop stays one
/// ordered edge. The ordered edges are sorted by (source, target). Duplicate pairs are kept; their weights are
/// added in input order (dlib's unstable sort leaves that order unspecified).</item>
/// <item>There are <c>n = (largest index) + 1</c> nodes; node i starts with label i. A node without edges keeps
/// its label.</item>
/// <item><c>n * iterations</c> times: pick node <c>idx = rnd.get_random_64bit_number() % n</c>; add each
/// neighbour's weight to its label's vote (in double, in sorted neighbour order); the node takes the label with
/// the strictly highest vote, ties going to the smallest label. Updates are in place (asynchronous).</item>
/// <item>Labels are renumbered by first appearance over node index.</item>
/// </list>
/// <para><c>dlib::rand</c> is MT19937 seeded 5489 for the empty seed; a seed string is hashed as dlib does, then
/// 10,000 outputs are discarded. Runs are deterministic and thread-safe (each run owns its state).</para>
/// </remarks>
public static class ChineseWhispers
{
    /// <summary>dlib's default number of iterations (each iteration is n random node updates).</summary>
    public const int DefaultIterations = 100;

    /// <summary>Clusters a graph given as undirected weighted edges.</summary>
    /// <param name="edges">The edges (see <see cref="WeightedEdge"/>); may be empty.</param>
    /// <param name="iterations">Iterations, 0 or more (0 leaves every node in its own cluster). Default 100.</param>
    /// <param name="seed">dlib's seed string; null or empty is dlib's default-constructed generator.</param>
    /// <returns>
    /// One label per node <c>0 .. max index</c> (an empty result when there are no edges, as dlib returns 0 labels).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="edges"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is negative.</exception>
    /// <exception cref="ArgumentException">The graph has more than <see cref="int.MaxValue"/> ordered edges or nodes.</exception>
    public static ClusterResult Run(IReadOnlyList<WeightedEdge> edges, int iterations = DefaultIterations, string? seed = null)
        => Run(edges, iterations, seed, CancellationToken.None);

    /// <summary><see cref="Run(IReadOnlyList{WeightedEdge}, int, string)"/>, checking for cancellation once per pass over the nodes.</summary>
    internal static ClusterResult Run(IReadOnlyList<WeightedEdge> edges, int iterations, string? seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        if (edges.Count == 0)
        {
            return ClusterResult.FromRawLabels([]);
        }

        AdjacencyList graph = AdjacencyList.Build(edges);
        int[] labels = Propagate(graph, iterations, new DlibRandom(seed), cancellationToken);
        return ClusterResult.FromRawLabels(labels);
    }

    /// <summary>The label propagation loop (dlib's ordered-edge overload); returns the raw labels.</summary>
    private static int[] Propagate(AdjacencyList graph, int iterations, DlibRandom random, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i;
        }

        // Votes per label, indexed by label (labels stay in 0..n-1); only the touched entries are reset.
        double[] votes = new double[n];
        bool[] touched = new bool[n];
        int[] touchedLabels = new int[n];
        int[] offsets = graph.Offsets;
        int[] targets = graph.Targets;
        double[] weights = graph.Weights;

        long updates = (long)n * iterations;
        for (long step = 0; step < updates; step++)
        {
            if (step % n == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            int node = (int)(random.Next64() % (ulong)n);
            int begin = offsets[node];
            int end = offsets[node + 1];
            int touchedCount = 0;
            for (int e = begin; e < end; e++)
            {
                int label = labels[targets[e]];
                if (!touched[label])
                {
                    touched[label] = true;
                    touchedLabels[touchedCount++] = label;
                }

                votes[label] += weights[e];
            }

            // dlib walks a std::map in ascending label order and keeps the first strictly higher score, starting
            // from -infinity with the node's own label. Equivalent without sorting: take a strictly higher score,
            // or an equal score with a smaller label once some label has been taken.
            double bestScore = double.NegativeInfinity;
            int bestLabel = labels[node];
            bool taken = false;
            for (int t = 0; t < touchedCount; t++)
            {
                int label = touchedLabels[t];
                double score = votes[label];
                if (score > bestScore || (taken && score == bestScore && label < bestLabel))
                {
                    bestScore = score;
                    bestLabel = label;
                    taken = true;
                }

                votes[label] = 0.0;
                touched[label] = false;
            }

            labels[node] = bestLabel;
        }

        return labels;
    }
}
