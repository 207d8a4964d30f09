using System.Collections.ObjectModel;

namespace FaceMetric.Clustering;

/// <summary>
/// A clustering of nodes <c>0 .. n-1</c>: one cluster label per node and the members of every cluster.
/// Immutable; thread-safe.
/// </summary>
/// <remarks>
/// Guarantees: labels are <c>0 .. ClusterCount-1</c>, numbered by first appearance over node index (node 0 is in
/// cluster 0; the next node not in cluster 0 opens cluster 1, and so on); <see cref="Clusters"/>[k] lists the
/// nodes labelled k in ascending order, and every node is in exactly one cluster.
/// </remarks>
public sealed class ClusterResult
{
    private ClusterResult(int[] labels, int clusterCount)
    {
        var members = new List<int>[clusterCount];
        for (int k = 0; k < clusterCount; k++)
        {
            members[k] = [];
        }

        for (int node = 0; node < labels.Length; node++)
        {
            members[labels[node]].Add(node);
        }

        Labels = Array.AsReadOnly(labels);
        ClusterCount = clusterCount;
        Clusters = Array.AsReadOnly(Array.ConvertAll(members, m => (IReadOnlyList<int>)m.AsReadOnly()));
    }

    /// <summary>The cluster label of every node (index = node).</summary>
    public ReadOnlyCollection<int> Labels { get; }

    /// <summary>The number of clusters (0 only when there are no nodes).</summary>
    public int ClusterCount { get; }

    /// <summary>The node indices of each cluster, ascending (index = cluster label).</summary>
    public ReadOnlyCollection<IReadOnlyList<int>> Clusters { get; }

    /// <summary>Renumbers raw labels by first appearance and wraps them; takes ownership of <paramref name="rawLabels"/>.</summary>
    internal static ClusterResult FromRawLabels(int[] rawLabels)
    {
        int[] remap = new int[rawLabels.Length];
        Array.Fill(remap, -1);
        int next = 0;
        for (int i = 0; i < rawLabels.Length; i++)
        {
            int raw = rawLabels[i];
            if (remap[raw] < 0)
            {
                remap[raw] = next++;
            }

            rawLabels[i] = remap[raw];
        }

        return new ClusterResult(rawLabels, next);
    }
}
