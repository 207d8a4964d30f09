using FaceMetric.Detection;
using FaceMetric.Detection.Hog;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Detection.Hog;

/// <summary>
/// Scanning several pyramid levels at once (as one call does when cores are free) must give exactly the detections of
/// scanning one level after another: the same boxes, confidences and filters, in the same order, including the
/// windows under the threshold that a low adjustment lets through (many per level, so a level out of order would
/// show).
/// </summary>
public sealed class LevelsAtOnceTests
{
    [Theory]
    [MemberData(nameof(FastHogPathsTests.Photos), MemberType = typeof(FastHogPathsTests))]
    public void TwoOrThreeLevelsAtOnceGiveTheDetectionsOfOneAtATime(string photo, int upsample)
    {
        using Image<Rgb24> pixels = FaceImage.Load(Fixtures.Path(photo));
        RgbRaster raster = HogFaceDetector.ToRaster(pixels);
        for (int u = 0; u < upsample; u++)
        {
            raster = DlibBilinearResize.PyramidUp(raster);
        }

        var scanner = new HogScanner(Fixtures.HogModel);
        foreach (double adjust in new[] { 0.0, -0.8 })
        {
            List<HogDetection>[] inTurn = scanner.ScanPerFilter(raster, adjust, threads: 1);
            Assert.True(inTurn.Sum(f => f.Select(d => d.Rect.Width).Distinct().Count()) > inTurn.Length, "windows from one level only");
            List<HogDetection> kept = scanner.Detect(raster, adjust, threads: 1);
            Assert.NotEmpty(kept);
            foreach (int threads in new[] { 2, 3 })
            {
                List<HogDetection>[] atOnce = scanner.ScanPerFilter(raster, adjust, threads);
                Assert.Equal(inTurn.Length, atOnce.Length);
                for (int f = 0; f < inTurn.Length; f++)
                {
                    Assert.Equal(inTurn[f], atOnce[f]);
                }

                Assert.Equal(kept, scanner.Detect(raster, adjust, threads));
            }
        }
    }

    [Fact]
    public void ADetectorCalledFromManyThreadsAtOnceFindsWhatItFindsAlone()
    {
        using var detector = new HogFaceDetector(new HogDetectorOptions { Model = new() { Directory = System.IO.Path.Combine(Fixtures.RepoRoot, "models") } });
        using Image<Rgb24> photo = FaceImage.Load(Fixtures.Path(TestFiles.Reference.BaldGuysDecoded));
        IReadOnlyList<DetectedFace> alone = detector.Detect(photo);
        Assert.Equal(24, alone.Count);
        var together = new IReadOnlyList<DetectedFace>[4];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = together.Length }, i => together[i] = detector.Detect(photo));
        Assert.All(together, faces => Assert.Equal(alone, faces));
    }
}
