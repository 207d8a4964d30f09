using FaceMetric.Clustering;
using FaceMetric.Embedding;

namespace FaceMetric.People;

/// <summary>
/// The batch side shared by a full re-cluster and a split proposal: dlib's thresholded graph
/// (<see cref="FaceClusterer.BuildEdges"/>) over some faces, without the edges between two faces of one photo
/// (cannot-links), labelled by <see cref="ChineseWhispers"/>.
/// </summary>
internal static class GraphClustering
{
    /// <summary>The clusters of <paramref name="faces"/> (indices into it, ascending) and the kept edges.</summary>
    public static (List<List<int>> Clusters, List<WeightedEdge> Edges) Cluster(
        LibraryState state, IReadOnlyList<FaceRecord> faces, float threshold, int iterations)
    {
        int n = faces.Count;
        if (n == 0)
        {
            return ([], []);
        }

        const int dimension = FaceDescriptor.Length;
        float[] rows = new float[(long)n * dimension];
        for (int i = 0; i < n; i++)
        {
            state.Index.Descriptor(faces[i].Row).CopyTo(rows.AsSpan(i * dimension, dimension));
        }

        List<WeightedEdge> all = FaceClusterer.BuildEdges(rows, n, dimension, threshold);
        var edges = new List<WeightedEdge>(all.Count);
        foreach (WeightedEdge e in all)
        {
            if (e.Index1 == e.Index2 || faces[e.Index1].Photo != faces[e.Index2].Photo)
            {
                edges.Add(e);
            }
        }

        // Self-loops (distance 0) make every face a node, so the labels cover 0 .. n-1.
        ClusterResult result = ChineseWhispers.Run(edges, iterations);
        var clusters = result.Clusters.Select(c => c.ToList()).ToList();
        return (clusters, edges);
    }
}
