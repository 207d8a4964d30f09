using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Analysis;

/// <summary>The batched <see cref="FaceAnalyzer.Analyze(IEnumerable{Image{Rgb24}}, IProgress{int}, CancellationToken)"/>: progress, cancellation, same results.</summary>
[Collection(AnalyzerCollection.Name)]
public sealed class BatchedAnalyzeTests(SharedAnalyzer shared)
{
    private static readonly string[] Photos =
    [
        TestFiles.Data.Obama, TestFiles.Data.Biden, TestFiles.Data.ExamplesTwoPeopleJpg, TestFiles.Data.AlexLacamoire,
    ];

    [Fact]
    public void ProgressCountsThePhotosAndTheResultsAreThoseOfThePlainBatch()
    {
        List<Image<Rgb24>> images = [.. Photos.Select(p => FaceImage.Load(Fixtures.Path(p)))];
        try
        {
            var seen = new List<int>();
            var withProgress = shared.Analyzer.Analyze(images, new SynchronousProgress(seen.Add), CancellationToken.None);
            var plain = shared.Analyzer.Analyze(images);
            Assert.Equal([0, 1, 2, 3, 4], seen);
            Assert.Equal(plain.Select(f => f.Count), withProgress.Select(f => f.Count));
            for (int i = 0; i < plain.Count; i++)
            {
                for (int f = 0; f < plain[i].Count; f++)
                {
                    Assert.Equal(plain[i][f].Descriptor.ToArray(), withProgress[i][f].Descriptor.ToArray());
                }
            }

            Assert.Equal(5, withProgress.Sum(f => f.Count)); // obama, biden, two_people (2), alex
        }
        finally
        {
            images.ForEach(i => i.Dispose());
        }
    }

    [Fact]
    public void ACancelledBatchThrowsBetweenPhotos()
    {
        List<Image<Rgb24>> images = [.. Photos.Select(p => FaceImage.Load(Fixtures.Path(p)))];
        try
        {
            using var cts = new CancellationTokenSource();
            var progress = new SynchronousProgress(done =>
            {
                if (done == 2)
                {
                    cts.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => shared.Analyzer.Analyze(images, progress, cts.Token));
            using var already = new CancellationTokenSource();
            already.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => shared.Analyzer.Analyze(images, null, already.Token));
        }
        finally
        {
            images.ForEach(i => i.Dispose());
        }
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
