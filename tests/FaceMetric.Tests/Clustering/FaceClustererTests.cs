using System.Text.Json;
using FaceMetric.Clustering;
using FaceMetric.Embedding;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Clustering;

/// <summary>FaceClusterer on dlib's own descriptors: the graph it builds and the people it finds.</summary>
public sealed class FaceClustererTests
{
    [Fact]
    public void Johns55FormsFivePureClustersMatchingTheFolders()
    {
        (List<string> names, List<FaceDescriptor> descriptors) = ReferenceData.ReadDescriptors("johns55_t06");
        string[] folders = names.Select(n => n.Split('/')[^2]).ToArray();

        ClusterResult result = new FaceClusterer(0.6f).Cluster(descriptors);

        Assert.Equal(5, result.ClusterCount);
        AssertSamePartition(folders, result);
    }

    [Fact]
    public void Bald24FormsFourClustersMatchingTheActors()
    {
        (_, List<FaceDescriptor> descriptors) = ReferenceData.ReadDescriptors("bald24_t06");
        using JsonDocument doc = ReferenceData.ReadLabels("bald24_t06");
        int[] truth = doc.RootElement.GetProperty("truth_identity").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        ClusterResult result = new FaceClusterer().Cluster(descriptors);

        Assert.Equal(4, result.ClusterCount);
        AssertSamePartition(truth, result);
    }

    [Theory]
    [InlineData("real44_t06", 0.6f)]
    [InlineData("real44_t05", 0.5f)]
    [InlineData("bald24_t05", 0.5f)]
    [InlineData("samples20_t06", 0.6f)]
    [InlineData("johns55_t06", 0.6f)]
    public void GraphAndLabelsEqualDlibsForTheSameDescriptors(string caseName, float threshold)
    {
        (_, List<FaceDescriptor> descriptors) = ReferenceData.ReadDescriptors(caseName);
        (_, List<WeightedEdge> dlibEdges) = ReferenceData.ReadEdges(caseName);
        float[] rows = descriptors.SelectMany(d => d.ToArray()).ToArray();

        List<WeightedEdge> edges = FaceClusterer.BuildEdges(rows, descriptors.Count, FaceDescriptor.Length, threshold);
        ClusterResult result = new FaceClusterer(threshold).Cluster(descriptors);

        Assert.Equal(dlibEdges.ToHashSet(), edges.ToHashSet());
        Assert.Equal(dlibEdges.Count, edges.Count);
        using JsonDocument doc = ReferenceData.ReadLabels(caseName);
        int[] dlibLabels = doc.RootElement.GetProperty("runs")[0].GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(dlibLabels, result.Labels);
    }

    [Fact]
    public void EmptyInputGivesNoClustersAndBadArgumentsThrow()
    {
        Assert.Equal(0, new FaceClusterer().Cluster([]).ClusterCount);
        Assert.Throws<ArgumentNullException>(() => new FaceClusterer().Cluster(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceClusterer(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceClusterer(float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceClusterer(iterations: -1));
    }

    /// <summary>Every cluster is pure (one truth label) and every truth label is one cluster.</summary>
    private static void AssertSamePartition<T>(IReadOnlyList<T> truth, ClusterResult result)
        where T : notnull
    {
        Assert.Equal(truth.Count, result.Labels.Count);
        foreach (IReadOnlyList<int> members in result.Clusters)
        {
            Assert.Single(members.Select(m => truth[m]).Distinct());
        }

        Assert.Equal(truth.Distinct().Count(), result.ClusterCount);
    }
}
