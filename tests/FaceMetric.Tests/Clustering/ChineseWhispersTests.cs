using FaceMetric.Clustering;

namespace FaceMetric.Tests.Clustering;

/// <summary>Chinese Whispers contract details beyond the dlib parity files.</summary>
public sealed class ChineseWhispersTests
{
    [Fact]
    public void NoEdgesGiveNoLabels()
    {
        ClusterResult result = ChineseWhispers.Run([]);

        Assert.Empty(result.Labels);
        Assert.Equal(0, result.ClusterCount);
        Assert.Empty(result.Clusters);
    }

    [Fact]
    public void ZeroIterationsKeepEveryNodeAlone()
    {
        ClusterResult result = ChineseWhispers.Run([new WeightedEdge(0, 1), new WeightedEdge(1, 2), new WeightedEdge(2, 3)], iterations: 0);

        Assert.Equal([0, 1, 2, 3], result.Labels);
        Assert.Equal(4, result.ClusterCount);
    }

    [Fact]
    public void NodesWithoutEdgesKeepTheirOwnClusterAndNodeCountIsMaxIndexPlusOne()
    {
        // Nodes 2 and 4 have no edge at all; 0-1 and 3-5 are tight pairs.
        ClusterResult result = ChineseWhispers.Run(
            [new WeightedEdge(0, 1), new WeightedEdge(0, 0), new WeightedEdge(1, 1), new WeightedEdge(5, 3), new WeightedEdge(3, 3), new WeightedEdge(5, 5)]);

        Assert.Equal(6, result.Labels.Count);
        Assert.Equal(result.Labels[0], result.Labels[1]);
        Assert.Equal(result.Labels[3], result.Labels[5]);
        Assert.Equal(4, result.ClusterCount);
        Assert.Equal([0, 0, 1, 2, 3, 2], result.Labels);
        Assert.Equal([3, 5], result.Clusters[2]);
    }

    [Fact]
    public void ClustersListEveryNodeOnceInAscendingOrder()
    {
        ClusterResult result = ChineseWhispers.Run([new WeightedEdge(0, 2), new WeightedEdge(1, 3), new WeightedEdge(2, 4)]);

        int[] all = result.Clusters.SelectMany(c => c).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 5), all);
        for (int k = 0; k < result.ClusterCount; k++)
        {
            Assert.All(result.Clusters[k], node => Assert.Equal(k, result.Labels[node]));
            Assert.Equal(result.Clusters[k].Order(), result.Clusters[k]);
        }
    }

    [Fact]
    public void EdgeValidatesAndNormalisesItsIndices()
    {
        var edge = new WeightedEdge(7, 2, 0.5);

        Assert.Equal((2, 7, 0.5), (edge.Index1, edge.Index2, edge.Weight));
        Assert.Equal(new WeightedEdge(2, 7, 0.5), edge);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightedEdge(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightedEdge(1, 2, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightedEdge(1, 2, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChineseWhispers.Run([edge], iterations: -1));
        Assert.Throws<ArgumentNullException>(() => ChineseWhispers.Run(null!));
    }
}
