using FaceMetric.Evaluation;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Evaluation;

/// <summary>Cancellation of the label audit: from descriptors, and over a folder tree with the shipped models.</summary>
[Collection(AnalyzerCollection.Name)]
public sealed class LabelAuditCancellationTests(SharedAnalyzer shared)
{
    private static string Train => Fixtures.Path(TestFiles.Data.Train);

    [Fact]
    public void ACancelledAuditOfDescriptorsThrows()
    {
        var items = Johns.Faces.Select((f, i) => new AuditItem(Johns.People[i], $"john{i}", f)).ToList();
        Assert.NotNull(LabelAudit.Audit(items));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => LabelAudit.Audit(items, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void ACancelledFolderAuditStopsBeforeTheNextImage()
    {
        using var progress = new CancellingProgress(2);
        Assert.ThrowsAny<OperationCanceledException>(() => LabelAudit.AuditFolders(shared.Analyzer, Train, progress: progress, cancellationToken: progress.Token));
        Assert.Equal([1, 2], progress.Reports); // 9 images; none analysed after the second report
    }
}
