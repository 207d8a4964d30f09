using FaceMetric.Onnx;
using FaceMetric.Detection;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceMetric.Tests.Detection;

/// <summary>What <see cref="HogFaceDetector"/> promises beyond parity: model file checks, options, threads, lifetime, odd images.</summary>
public sealed class HogFaceDetectorContractTests : IDisposable
{
    private static readonly string ModelPath = Fixtures.Model(HogFaceDetector.DefaultModelFileName);
    private readonly string _folder = Directory.CreateTempSubdirectory("facemetric-hog-").FullName;
    private readonly HogFaceDetector _detector = new(new HogDetectorOptions { Model = new ModelOptions { FilePath = ModelPath } });

    [Fact]
    public void ConcurrentCallsGiveTheSameFacesAsOneCall()
    {
        using Image<Rgb24> image = FaceImage.Load(Fixtures.Path(TestFiles.Reference.TwoPeopleDecoded));
        image.Mutate(c => c.Resize(image.Width / 2, image.Height / 2));
        IReadOnlyList<DetectedFace> expected = _detector.Detect(image);
        Assert.Equal(2, expected.Count);

        var results = new IReadOnlyList<DetectedFace>[4];
        Parallel.For(0, results.Length, i => results[i] = _detector.Detect(image));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 300)]
    [InlineData(40, 40)]
    [InlineData(640, 480)]
    public void ImagesWithoutFacesGiveAnEmptyList(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(128, 128, 128));
        Assert.Empty(_detector.Detect(image));
    }

    [Fact]
    public void ANullImageIsAnArgumentNullException() => Assert.Throws<ArgumentNullException>(() => _detector.Detect(null!));

    [Fact]
    public void ADisposedDetectorThrowsObjectDisposedException()
    {
        var detector = new HogFaceDetector(new HogDetectorOptions { Model = new ModelOptions { FilePath = ModelPath } });
        detector.Dispose();
        using var image = new Image<Rgb24>(100, 100);
        Assert.Throws<ObjectDisposedException>(() => detector.Detect(image));
    }

    [Fact]
    public void AnImageOverThePixelLimitIsRefusedBeforeAnyWork()
    {
        using var detector = new HogFaceDetector(new HogDetectorOptions { Model = new ModelOptions { FilePath = ModelPath }, MaxScannedPixels = 1_000_000 });
        using var image = new Image<Rgb24>(600, 600);
        ArgumentException e = Assert.Throws<ScanTooLargeException>(() => detector.Detect(image));
        Assert.Contains("Upsample", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 0.0)]
    [InlineData(HogDetectorOptions.MaxUpsample + 1, 0.0)]
    [InlineData(1, double.NaN)]
    [InlineData(1, double.PositiveInfinity)]
    public void OutOfRangeOptionsAreRejected(int upsample, double adjust) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HogFaceDetector(new HogDetectorOptions { Model = new ModelOptions { FilePath = ModelPath }, Upsample = upsample, AdjustThreshold = adjust }));

    [Fact]
    public void AMissingModelIsAFaceModelExceptionNamingTheDefaultFile()
    {
        var e = Assert.Throws<FaceModelException>(() => new HogFaceDetector(new HogDetectorOptions { Model = new ModelOptions { Directory = _folder } }));
        Assert.Equal(Path.Combine(_folder, HogFaceDetector.DefaultModelFileName), e.ModelPath);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(60)]
    [InlineData(1000)]
    [InlineData(-1)]
    public void ATruncatedModelIsAFaceModelException(int keep)
    {
        byte[] model = File.ReadAllBytes(ModelPath);
        string path = Path.Combine(_folder, "cut.hog");
        File.WriteAllBytes(path, model.AsSpan(0, keep < 0 ? model.Length - 1 : keep).ToArray());
        var e = Assert.Throws<FaceModelException>(() => new HogFaceDetector(new HogDetectorOptions { Model = new ModelOptions { FilePath = path } }));
        Assert.Equal(path, e.ModelPath);
    }

    [Fact]
    public void AModelWithTrailingBytesOrAnotherFileIsRejected()
    {
        string longer = Path.Combine(_folder, "longer.hog");
        File.WriteAllBytes(longer, [.. File.ReadAllBytes(ModelPath), 0]);
        Assert.Throws<FaceModelException>(() => new HogFaceDetector(new HogDetectorOptions { Model = new ModelOptions { FilePath = longer } }));
        string onnx = Fixtures.Model("face_landmark_68.onnx");
        Assert.Throws<FaceModelException>(() => new HogFaceDetector(new HogDetectorOptions { Model = new ModelOptions { FilePath = onnx } }));
    }

    [Fact]
    public void AFlippedFilterCountIsRejected()
    {
        byte[] model = File.ReadAllBytes(ModelPath);
        model[64] = 200; // the int32 filter count sits after the 8-byte magic, nine int32s, two doubles and the plane count
        string path = Path.Combine(_folder, "count.hog");
        File.WriteAllBytes(path, model);
        var e = Assert.Throws<FaceModelException>(() => new HogFaceDetector(new HogDetectorOptions { Model = new ModelOptions { FilePath = path } }));
        Assert.Contains("filters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedModelIsDlibsDetectorAsExported() =>
        Assert.Equal("8523b279c72c6da0e770a36f1003d6c4563c4d07c3243a44f2fc21f985553634",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(ModelPath))));

    public void Dispose()
    {
        _detector.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
