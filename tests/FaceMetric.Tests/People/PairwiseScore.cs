namespace FaceMetric.Tests.People;

/// <summary>
/// Pairwise precision and recall of a clustering against true labels: a pair of faces is predicted together when both
/// are in one cluster (unassigned faces are singletons) and truly together when both have one label.
/// </summary>
internal sealed record PairwiseScore(long TruePairs, long PredictedPairs, long CorrectPairs, int Faces, int MixedFaces, int MinorityFaces, int LargestMixed, int Clusters, int Unassigned)
{
    public double Precision => PredictedPairs == 0 ? 1 : (double)CorrectPairs / PredictedPairs;

    public double Recall => TruePairs == 0 ? 1 : (double)CorrectPairs / TruePairs;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Share of faces that sit in a cluster mixing two or more labels.</summary>
    public double MixedShare => Faces == 0 ? 0 : (double)MixedFaces / Faces;

    /// <param name="labels">The true label of each face.</param>
    /// <param name="clusters">The cluster of each face, or null when unassigned.</param>
    public static PairwiseScore Of(IReadOnlyList<string> labels, IReadOnlyList<long?> clusters)
    {
        Assert.Equal(labels.Count, clusters.Count);
        long truePairs = labels.GroupBy(l => l).Sum(g => Pairs(g.Count()));
        var assigned = Enumerable.Range(0, labels.Count).Where(i => clusters[i] is not null).ToList();
        var byCluster = assigned.GroupBy(i => clusters[i]!.Value).ToList();
        long predicted = byCluster.Sum(g => Pairs(g.Count()));
        long correct = byCluster.Sum(g => g.GroupBy(i => labels[i]).Sum(h => Pairs(h.Count())));
        var mixedClusters = byCluster.Where(g => g.Select(i => labels[i]).Distinct().Count() > 1).ToList();
        int mixed = mixedClusters.Sum(g => g.Count());
        int minority = byCluster.Sum(g => g.Count() - g.GroupBy(i => labels[i]).Max(h => h.Count()));
        int largestMixed = mixedClusters.Count == 0 ? 0 : mixedClusters.Max(g => g.Count());
        return new PairwiseScore(truePairs, predicted, correct, labels.Count, mixed, minority, largestMixed, byCluster.Count, labels.Count - assigned.Count);
    }

    public override string ToString() => FormattableString.Invariant(
        $"precision {Precision:F4} recall {Recall:F4} F1 {F1:F4}; {Clusters} people/clusters, {Unassigned} unassigned of {Faces} faces; faces in mixed clusters {MixedFaces} ({MixedShare:P2}), largest mixed {LargestMixed} faces; faces outside their cluster's main folder {MinorityFaces} ({(double)MinorityFaces / Faces:P2})");

    private static long Pairs(long n) => n * (n - 1) / 2;
}
