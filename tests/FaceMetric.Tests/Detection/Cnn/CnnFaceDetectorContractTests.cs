using FaceMetric.Detection;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Detection.Cnn;

/// <summary>What <see cref="CnnFaceDetector"/> promises beyond parity: model checks, options, limits, threads, lifetime, odd images.</summary>
public sealed class CnnFaceDetectorContractTests : IDisposable
{
    private static readonly string ModelPath = Fixtures.Model(CnnFaceDetector.DefaultModelFileName);
    private readonly string _folder = Directory.CreateTempSubdirectory("facemetric-cnn-").FullName;
    private readonly CnnFaceDetector _detector = new(new CnnDetectorOptions { Model = new() { FilePath = ModelPath }, Upsample = 0 });

    [Fact]
    public void ConcurrentCallsGiveTheSameFacesAsOneCall()
    {
        using Image<Rgb24> image = FaceImage.Load(Fixtures.Path("data/face-api.js/test/images/faces.jpg"));
        IReadOnlyList<DetectedFace> expected = _detector.Detect(image);
        Assert.Equal(6, expected.Count);

        var results = new IReadOnlyList<DetectedFace>[3];
        Parallel.For(0, results.Length, i => results[i] = _detector.Detect(image));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void ABatchGivesEachPhotoWhatItGivesAlone()
    {
        using Image<Rgb24> faces = FaceImage.Load(Fixtures.Path("data/face-api.js/test/images/faces.jpg"));
        using Image<Rgb24> two = FaceImage.Load(Fixtures.Path("data/face_recognition/examples/two_people.jpg"));
        using Image<Rgb24> small = FaceImage.Load(Fixtures.Path("data/face_recognition/examples/obama_small.jpg"));
        using var tiny = new Image<Rgb24>(1, 1);
        Image<Rgb24>[] batch = [faces, two, faces, small, tiny, faces];
        using var detector = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = ModelPath }, Upsample = 0, MaxBatchSize = 2 });

        IReadOnlyList<IReadOnlyList<DetectedFace>> together = detector.Detect(batch);

        Assert.Equal(batch.Length, together.Count);
        Assert.Equal([6, 2, 6, 1, 0, 6], together.Select(r => r.Count).ToArray());
        for (int i = 0; i < batch.Length; i++)
        {
            Assert.Equal(_detector.Detect(batch[i]), together[i]);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 300)]
    [InlineData(28, 28)]
    [InlineData(40, 40)]
    [InlineData(320, 240)]
    public void ImagesWithoutFacesGiveAnEmptyList(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(128, 128, 128));
        Assert.Empty(_detector.Detect(image));
    }

    [Fact]
    public void AOnePixelImageUpsampledThreeTimesGivesAnEmptyList()
    {
        using var detector = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = ModelPath }, Upsample = 3 });
        using var image = new Image<Rgb24>(1, 1);
        Assert.Empty(detector.Detect(image));
    }

    [Fact]
    public void ANullImageIsAnArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => _detector.Detect((Image<Rgb24>)null!));
        Assert.Throws<ArgumentNullException>(() => _detector.Detect((IReadOnlyList<Image<Rgb24>>)null!));
        Assert.Throws<ArgumentNullException>(() => _detector.Detect([null!]));
    }

    [Fact]
    public void ADisposedDetectorThrowsObjectDisposedException()
    {
        var detector = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = ModelPath } });
        detector.Dispose();
        detector.Dispose();
        using var image = new Image<Rgb24>(100, 100);
        Assert.Throws<ObjectDisposedException>(() => detector.Detect(image));
    }

    [Fact]
    public void AnImageWhosePyramidIsOverThePixelLimitIsRefusedBeforeAnyWork()
    {
        // 600 x 600 upsampled once: a 1224-column tiled pyramid of about 4,300 rows, 5.3 megapixels.
        using var detector = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = ModelPath }, Upsample = 1, MaxScannedPixels = 5_000_000 });
        using var image = new Image<Rgb24>(600, 600);
        ArgumentException e = Assert.Throws<ScanTooLargeException>(() => detector.Detect(image));
        Assert.Contains("Upsample", e.Message, StringComparison.Ordinal);
        Assert.Contains("tiled pyramid", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 0.0, 1L)]
    [InlineData(CnnDetectorOptions.MaxUpsample + 1, 0.0, 1L)]
    [InlineData(1, double.NaN, 1L)]
    [InlineData(1, double.NegativeInfinity, 1L)]
    [InlineData(1, 0.0, 0L)]
    public void OutOfRangeOptionsAreRejected(int upsample, double adjust, long maxPixels) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CnnFaceDetector(
            new CnnDetectorOptions { Model = new() { FilePath = ModelPath }, Upsample = upsample, AdjustThreshold = adjust, MaxScannedPixels = maxPixels }));

    [Fact]
    public void ABatchSizeBelowOneIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = ModelPath }, MaxBatchSize = 0 }));

    [Fact]
    public void AMissingModelIsAFaceModelExceptionNamingTheDefaultFile()
    {
        var e = Assert.Throws<FaceModelException>(() => new CnnFaceDetector(new CnnDetectorOptions { Model = new() { Directory = _folder } }));
        Assert.Equal(Path.Combine(_folder, CnnFaceDetector.DefaultModelFileName), e.ModelPath);
    }

    [Fact]
    public void AnotherOnnxModelIsAFaceModelException()
    {
        var e = Assert.Throws<FaceModelException>(() => new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = Fixtures.Model(OnnxLandmarkDetector.DefaultModelFileName) } }));
        Assert.Contains("mmod", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDlibFileItselfIsNotTheOnnxModel() =>
        Assert.Throws<FaceModelException>(() => new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = Path.Combine(Fixtures.RepoRoot, "models", "source", "mmod_human_face_detector.dat") } }));

    [Fact]
    public void ALowerThresholdFindsAtLeastTheSameFaces()
    {
        using Image<Rgb24> image = FaceImage.Load(Fixtures.Path("data/face_recognition/examples/two_people.jpg"));
        using var loose = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = ModelPath }, Upsample = 0, AdjustThreshold = -0.5 });
        IReadOnlyList<DetectedFace> strict = _detector.Detect(image), more = loose.Detect(image);
        Assert.Equal(2, strict.Count);
        Assert.True(more.Count >= strict.Count);
        Assert.All(strict, f => Assert.Contains(f, more));
    }

    public void Dispose()
    {
        _detector.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
