using FaceMetric.Clustering;
using FaceMetric.Embedding;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Clustering;

/// <summary>Progress and cancellation of <see cref="FaceClusterer.Cluster"/> on dlib's johns descriptors.</summary>
public sealed class FaceClustererCancellationTests
{
    /// <summary>The 55 johns faces repeated: enough rows for several blocks of the graph.</summary>
    private static List<FaceDescriptor> Many(int copies) => [.. Enumerable.Repeat(Johns.Faces, copies).SelectMany(f => f)];

    [Fact]
    public void ProgressRisesToTheCountAndTheResultIsUnchanged()
    {
        List<FaceDescriptor> faces = Many(20);
        var progress = new CancellingProgress(int.MaxValue);
        ClusterResult withProgress = new FaceClusterer().Cluster(faces, progress, progress.Token);
        ClusterResult plain = new FaceClusterer().Cluster(faces);
        Assert.Equal(plain.Labels, withProgress.Labels);
        Assert.Equal(faces.Count, progress.Reports.Max());
        Assert.Equal(5, plain.ClusterCount);
    }

    [Fact]
    public void ACancelledClusteringThrowsAndAPreCancelledOneDoesNoWork()
    {
        using var progress = new CancellingProgress(1);
        Assert.ThrowsAny<OperationCanceledException>(() => new FaceClusterer().Cluster(Many(20), progress, progress.Token));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var none = new CancellingProgress(int.MaxValue);
        Assert.ThrowsAny<OperationCanceledException>(() => new FaceClusterer().Cluster(Many(20), none, cancelled.Token));
        Assert.Empty(none.Reports);
    }
}
