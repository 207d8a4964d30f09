using FaceMetric.Imaging;
using FaceMetric.Onnx;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Analysis;

/// <summary>
/// <see cref="FaceAnalyzer.AnalyzeFiles"/>: decoding and detection of later photos overlap the network on earlier ones,
/// chips of several photos share network calls, and still every result is the sequential path's, bit for bit, in order.
/// </summary>
[Collection(AnalyzerCollection.Name)]
public sealed class OverlappedAnalyzeFilesTests(SharedAnalyzer shared)
{
    // Real photos with 0, 1 and 2 faces, one of them twice, and an unreadable file among them.
    private static readonly string[] Photos =
    [
        TestFiles.Data.Obama, TestFiles.Data.ExamplesTwoPeopleJpg, TestFiles.Data.Dogs, TestFiles.Data.AlexLacamoire,
        TestFiles.Data.Biden, TestFiles.Data.Obama2, TestFiles.Data.LongoriaCooper, TestFiles.Data.Obama,
    ];

    [Fact]
    public void EveryPhotoGetsTheSequentialPathsFacesBitForBitInOrder()
    {
        using var folder = new TempFolder();
        string missing = Path.Combine(folder.Path, "missing.jpg");
        var paths = Photos.Select(Fixtures.Path).ToList();
        paths.Insert(3, missing);
        using var analyzer = new FaceAnalyzer(new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = Path.Combine(Fixtures.RepoRoot, "models") },
            PhotoWorkers = 3,
        });

        List<PhotoAnalysis> overlapped = [.. analyzer.AnalyzeFiles(paths)];

        Assert.Equal(paths, overlapped.Select(p => p.Path));
        Assert.Equal(FaceImageError.NotFound, overlapped[3].Error?.Reason);
        Assert.Empty(overlapped[3].Faces);
        Assert.Equal(9, overlapped.Sum(p => p.Faces.Count)); // obama x2, two_people 2, alex, biden, obama2, longoria-cooper 2
        for (int i = 0; i < paths.Count; i++)
        {
            if (i == 3)
            {
                continue;
            }

            Assert.Null(overlapped[i].Error);
            IReadOnlyList<AnalyzedFace> sequential = shared.Analyzer.Analyze(paths[i]);
            Assert.Equal(sequential.Count, overlapped[i].Faces.Count);
            for (int f = 0; f < sequential.Count; f++)
            {
                Assert.Equal(sequential[f].Detection, overlapped[i].Faces[f].Detection);
                Assert.Equal(sequential[f].Descriptor.ToArray(), overlapped[i].Faces[f].Descriptor.ToArray());
            }
        }
    }

    [Fact]
    public void StoppingEarlyCancelsThePhotosInFlightAndTheAnalyzerStaysUsable()
    {
        var paths = Enumerable.Repeat(Fixtures.Path(TestFiles.Data.ExamplesTwoPeopleJpg), 6).ToList();
        PhotoAnalysis first = shared.Analyzer.AnalyzeFiles(paths).First();
        Assert.Equal(2, first.Faces.Count);
        Assert.Equal(first.Faces.Count, shared.Analyzer.AnalyzeFiles(paths.Take(1)).Single().Faces.Count);
    }

    [Fact]
    public void ACancelledTokenStopsTheRun()
    {
        using var cts = new CancellationTokenSource();
        var paths = Enumerable.Repeat(Fixtures.Path(TestFiles.Data.Obama), 4).ToList();
        int seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (PhotoAnalysis photo in shared.Analyzer.AnalyzeFiles(paths, cts.Token))
            {
                seen++;
                cts.Cancel();
            }
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public void ANegativeWorkerCountIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceAnalyzer(new FaceAnalyzerOptions { PhotoWorkers = -1 }));
}
