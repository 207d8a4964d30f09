using System.Text.Json;
using FaceMetric.Detection;
using FaceMetric.Imaging;
using FaceMetric.Onnx;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Detection;

/// <summary>
/// Photos over a detector's scan limit. A detector the caller chose refuses them with <see cref="ScanTooLargeException"/>,
/// which a batch reports as that photo's error before going on; the default front end's detector scans them at the
/// largest upsampling that fits, or on a downscaled copy. Limits are lowered here so that real photos cross them (a
/// 3.3-megapixel photo with no frontal face used to abort a default-front-end batch: the CNN fallback's upsampled
/// pyramid exceeded its 40 megapixels).
/// </summary>
public sealed class ScanFitTests(ITestOutputHelper output)
{
    private static readonly string Models = Path.Combine(Fixtures.RepoRoot, "models");
    private static readonly string BaldGuys = Fixtures.Path(TestFiles.Data.BaldGuys);

    [Fact]
    public void AHogScanOverTheLimitIsRefusedAndTheFittedScanIsTheLargestUpsamplingThatFits()
    {
        using Image<Rgb24> photo = FaceImage.Load(BaldGuys);
        // 1986 x 1545 is 3.07 megapixels: upsampled once 12.3, over a 4-megapixel limit; as it is, under it.
        using var limited = new HogFaceDetector(new HogDetectorOptions { Model = new() { Directory = Models }, Upsample = 1, MaxScannedPixels = 4_000_000 });
        using var once = new HogFaceDetector(new HogDetectorOptions { Model = new() { Directory = Models }, Upsample = 1 });
        using var asItIs = new HogFaceDetector(new HogDetectorOptions { Model = new() { Directory = Models }, Upsample = 0 });

        var e = Assert.Throws<ScanTooLargeException>(() => limited.Detect(photo));
        Assert.IsAssignableFrom<ArgumentException>(e);
        Assert.Contains("limit of 4", e.Message, StringComparison.Ordinal);

        IReadOnlyList<DetectedFace> fitted = ((IScanFittingDetector)limited).DetectFitted(photo, 2);
        Assert.Equal(asItIs.Detect(photo), fitted);
        Assert.NotEqual(once.Detect(photo), fitted); // the same 24 faces, but boxes and scores of the scan as it is
        Assert.Equal(once.Detect(photo), ((IScanFittingDetector)once).DetectFitted(photo, 2)); // within the limit: unchanged
    }

    [Fact]
    public void AFittedCnnScanOfAPhotoOverTheLimitEvenAsItIsRunsOnADownscaledCopyAndMapsTheBoxesBack()
    {
        using Image<Rgb24> photo = FaceImage.Load(BaldGuys);
        // Without upsampling bald_guys tiles into about 11 megapixels; an 8-megapixel limit leaves only a smaller copy.
        using var limited = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { Directory = Models }, Upsample = 0, MaxScannedPixels = 8_000_000 });
        using var full = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { Directory = Models }, Upsample = 0 });
        Assert.Throws<ScanTooLargeException>(() => limited.Detect(photo));

        IReadOnlyList<DetectedFace> reference = full.Detect(photo);
        IReadOnlyList<DetectedFace> fitted = ((IScanFittingDetector)limited).DetectFitted(photo, 2);

        // In the photo's pixels: each box is on one of the full scan's faces (centre inside it), at about its size.
        var used = new bool[reference.Count];
        foreach (DetectedFace f in fitted)
        {
            float cx = f.X + (f.Width / 2), cy = f.Y + (f.Height / 2);
            int match = Enumerable.Range(0, reference.Count).FirstOrDefault(i => !used[i] && cx >= reference[i].X && cx <= reference[i].Right && cy >= reference[i].Y && cy <= reference[i].Bottom, -1);
            Assert.True(match >= 0, $"a face at ({f.X}, {f.Y}) is none of the full scan's");
            used[match] = true;
            Assert.InRange(f.Width / reference[match].Width, 0.7f, 1.4f);
        }

        output.WriteLine($"full scan {reference.Count} faces; downscaled {fitted.Count}");
        Assert.True(fitted.Count >= reference.Count / 2, $"{fitted.Count} of {reference.Count} faces");
    }

    [Fact]
    public void ABatchReportsAPhotoTheChosenDetectorWillNotScanAsItsErrorAndGoesOn()
    {
        using var analyzer = new FaceAnalyzer(new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = Models },
            Detector = FaceDetectorKind.Cnn,
            Cnn = new CnnDetectorOptions { MaxScannedPixels = 4_000_000 },
        });

        var results = analyzer.AnalyzeFiles([BaldGuys, Fixtures.Path(TestFiles.Data.ObamaSmall)]).ToList();

        Assert.Equal(FaceImageError.TooLargeToDetect, results[0].Error?.Reason);
        Assert.IsType<ScanTooLargeException>(results[0].Error!.InnerException);
        Assert.StartsWith($"Cannot detect faces in '{BaldGuys}'", results[0].Error!.Message, StringComparison.Ordinal);
        Assert.Empty(results[0].Faces);
        Assert.Null(results[1].Error);
        Assert.Single(results[1].Faces);
    }

    [Fact]
    public void TheDefaultFrontEndScansPhotosOverItsDetectorsLimitsInsteadOfRefusingThem()
    {
        using var analyzer = new FaceAnalyzer(new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = Models },
            Hog = new HogDetectorOptions { MaxScannedPixels = 4_000_000 },
            Cnn = new CnnDetectorOptions { MaxScannedPixels = 4_000_000 },
        });

        var results = analyzer.AnalyzeFiles([BaldGuys, Fixtures.Path(TestFiles.Data.Dogs)]).ToList();

        // HOG as it is (upsampled once would be over the limit) gives the boxes; dogs.jpg has no HOG face, and the CNN
        // fallback, over its limit even without upsampling, scans a smaller copy and finds none.
        using var asItIs = new HogFaceDetector(new HogDetectorOptions { Model = new() { Directory = Models }, Upsample = 0 });
        using (Image<Rgb24> photo = FaceImage.Load(BaldGuys))
        {
            IReadOnlyList<DetectedFace> expected = asItIs.Detect(photo);
            Assert.Equal(expected, results[0].Faces.Select(f => f.Detection));
            Assert.Equal(expected, analyzer.Analyze(BaldGuys).Select(f => f.Detection));
        }

        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Empty(results[1].Faces);
    }

    [Fact]
    public void TheCliExitsWith3ForAPhotoTheChosenDetectorWillNotScanAnd4WhenABatchHadOne()
    {
        // bald_guys upsampled twice tiles into about 180 megapixels, over the CNN detector's 40; obama_small into 4.
        var (code, _, stderr) = CliRunner.Run("detect", BaldGuys, "--detector", "cnn", "--upsample", "2");
        Assert.Equal(3, code);
        Assert.Contains("over the CNN detector's limit of 40", stderr, StringComparison.Ordinal);

        string obama = Fixtures.Path(TestFiles.Data.ObamaSmall);
        (code, string stdout, stderr) = CliRunner.Run("embed", BaldGuys, obama, "--detector", "cnn", "--upsample", "2", "--json");
        Assert.Equal(4, code);
        using var doc = JsonDocument.Parse(stdout);
        var images = doc.RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal("TooLargeToDetect", images[0].GetProperty("error").GetProperty("kind").GetString());
        Assert.Single(images[1].GetProperty("faces").EnumerateArray());
        Assert.Contains("Cannot detect faces in", stderr, StringComparison.Ordinal);

        // cluster, which decodes and analyses photo by photo, goes on the same way.
        (code, _, stderr) = CliRunner.Run("cluster", BaldGuys, obama, "--detector", "cnn", "--upsample", "2");
        Assert.True(code == 4, $"exit {code}: {stderr}");
        Assert.Contains($"Cannot detect faces in '{BaldGuys}'", stderr, StringComparison.Ordinal);

        // Known photos are all or nothing, as for an unreadable one: identify stops with exit 3, naming the photo.
        (code, _, stderr) = CliRunner.Run("identify", obama, "--gallery", Fixtures.Path(TestFiles.Data.Train), "--detector", "cnn", "--upsample", "2");
        Assert.Equal(3, code);
        Assert.Contains(Fixtures.Path(TestFiles.Data.Train), stderr, StringComparison.Ordinal);
        Assert.Contains("over the CNN detector's limit", stderr, StringComparison.Ordinal);
    }
}
