using FaceMetric.Evaluation;
using FaceMetric.Tests.Imaging;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Evaluation;

/// <summary>The folder-per-person convenience of the label audit, with the shipped models.</summary>
[Collection(AnalyzerCollection.Name)]
public sealed class LabelAuditFolderTests(SharedAnalyzer shared)
{
    private static string Train => Fixtures.Path("data/face_recognition/examples/knn_examples/train");

    [Fact]
    public void FoldersAreListedAsLabelledImagesInOrdinalOrder()
    {
        var images = LabelAudit.ListFolders(Train);
        Assert.Equal(9, images.Count);
        Assert.Equal(["alex_lacamoire", "biden", "biden", "kit_harington", "kit_harington", "obama", "obama", "rose_leslie", "rose_leslie"], images.Select(i => i.Label));
        Assert.All(images, i => Assert.Equal(i.Label, Path.GetFileName(Path.GetDirectoryName(i.Path))));
        Assert.Throws<DirectoryNotFoundException>(() => LabelAudit.ListFolders("/no/such/folder"));
    }

    [Fact]
    public void ACorrectlyFiledFolderTreeHasNoFindingsAndAMisfiledPhotoIsNamed()
    {
        var progress = new List<int>();
        LabelAuditReport clean = LabelAudit.AuditFolders(shared.Analyzer, Train, progress: new SynchronousProgress(progress));
        Assert.Empty(clean.Findings);
        Assert.Equal(9, clean.FaceCount);
        Assert.Equal(Enumerable.Range(1, 9), progress);

        // The Obama-and-Biden photo filed under kit_harington: the face nearest its centre (Obama, on the left) is
        // taken as the labelled one, and named as Obama's.
        using var temp = new TempFolder();
        foreach (var (label, path) in LabelAudit.ListFolders(Train))
        {
            Directory.CreateDirectory(Path.Combine(temp.Path, label));
            File.Copy(path, Path.Combine(temp.Path, label, Path.GetFileName(path)));
        }

        File.Copy(Fixtures.Path("data/face_recognition/examples/two_people.jpg"), Path.Combine(temp.Path, "kit_harington", "two_people.jpg"));
        LabelAuditReport report = LabelAudit.AuditFolders(shared.Analyzer, temp.Path);
        Assert.Equal(
            [("two_people.jpg", AuditFindingKind.Mislabel, "obama"), ("two_people.jpg", AuditFindingKind.MultiFace, null)],
            report.Findings.Select(f => (Path.GetFileName(f.Id), f.Kind, f.Matches)).ToArray());
        Assert.All(report.Findings, f => Assert.Equal("kit_harington", f.Label));
        Assert.Equal(2, report.Items.Single(i => i.Id.EndsWith("two_people.jpg", StringComparison.Ordinal)).Faces.Count);
    }

    [Fact]
    public void TheFaceNearestThePhotosCentreIsTakenAsTheLabelledOne()
    {
        // two_people.jpg (1126x661): Obama on the left is nearer the centre; Biden on the right has the larger box.
        using var image = FaceMetric.Imaging.FaceImage.Load(Fixtures.Path("data/face_recognition/examples/two_people.jpg"));
        var faces = shared.Analyzer.Analyze(image);
        Assert.Equal(2, faces.Count);
        var ordered = SubjectFace.OrderCentreFirst(faces, image.Width, image.Height);
        Assert.True(ordered[0].Detection.X < ordered[1].Detection.X);
        Assert.True(ordered[0].Detection.Width * ordered[0].Detection.Height < ordered[1].Detection.Width * ordered[1].Detection.Height);

        var item = AuditItem.FromFaces("obama", "two_people.jpg", faces, image.Width, image.Height);
        Assert.Same(ordered[0].Descriptor, item.LabelledFace);
        Assert.Equal(ordered.Select(f => f.Descriptor), item.Faces);
        Assert.Throws<ArgumentOutOfRangeException>(() => SubjectFace.OrderCentreFirst(faces, 0, 10));
    }

    private sealed class SynchronousProgress(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }
}
