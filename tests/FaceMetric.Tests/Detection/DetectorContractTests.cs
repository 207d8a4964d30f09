using FaceMetric.Onnx;
using FaceMetric.Detection;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Detection;

/// <summary>What SsdFaceDetector and DetectedFace promise beyond parity: thread safety, argument and lifetime checks.</summary>
[Collection(DetectorCollection.Name)]
public sealed class DetectorContractTests(SharedDetectors shared)
{
    [Fact]
    public void ConcurrentCallsGiveTheSameFacesAsOneCall()
    {
        using var image = Image.Load<Rgb24>(Fixtures.Path(FaceApiReference.Jpegs["two_people"]));
        IReadOnlyList<DetectedFace> expected = shared.Detector.Detect(image);

        var results = new IReadOnlyList<DetectedFace>[6];
        Parallel.For(0, results.Length, i => results[i] = shared.Detector.Detect(image));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void APhotoWithoutFacesGivesAnEmptyList()
    {
        using var image = new Image<Rgb24>(640, 480, new Rgb24(128, 128, 128));
        Assert.Empty(shared.Detector.Detect(image));
        Assert.Empty(shared.Upsampling.Detect(image));
    }

    [Fact]
    public void ANullImageIsAnArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => shared.Detector.Detect(null!));
    }

    [Fact]
    public void ADisposedDetectorThrowsObjectDisposedException()
    {
        var detector = new SsdFaceDetector(new SsdDetectorOptions { Model = new ModelOptions { FilePath = Fixtures.Model(SsdFaceDetector.DefaultModelFileName) } });
        detector.Dispose();
        detector.Dispose();
        using var image = new Image<Rgb24>(16, 16);
        Assert.Throws<ObjectDisposedException>(() => detector.Detect(image));
    }

    [Theory]
    [InlineData(float.NaN, 0f, 1f, 1f, 0.5f)]
    [InlineData(0f, float.PositiveInfinity, 1f, 1f, 0.5f)]
    [InlineData(0f, 0f, -1f, 1f, 0.5f)]
    [InlineData(0f, 0f, 1f, -0.5f, 0.5f)]
    [InlineData(0f, 0f, 1f, 1f, float.NaN)]
    public void ADetectedFaceRejectsNonFiniteValuesAndNegativeSizes(float x, float y, float w, float h, float score)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetectedFace(x, y, w, h, score));
    }

    [Fact]
    public void ADetectedFaceKnowsItsEdges()
    {
        var f = new DetectedFace(10.5f, 20f, 30f, 40.25f, 0.75f);
        Assert.Equal(40.5f, f.Right);
        Assert.Equal(60.25f, f.Bottom);
    }
}
