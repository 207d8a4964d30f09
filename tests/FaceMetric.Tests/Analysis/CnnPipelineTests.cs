using FaceMetric.Detection;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using FaceMetric.Onnx;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Analysis;

/// <summary>The CNN detector and a 5-point dlib predictor through the one factory (FaceAnalyzer).</summary>
public sealed class CnnPipelineTests
{
    [Fact]
    public void TheFactoryBuildsTheCnnDetectorWithTheSharedModelSettings()
    {
        var options = new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = Path.Combine(Fixtures.RepoRoot, "models") },
            Detector = FaceDetectorKind.Cnn,
            Cnn = new CnnDetectorOptions { Upsample = 0 },
        };
        using IFaceDetector detector = FacePipelineFactory.CreateDetector(options);
        var cnn = Assert.IsType<CnnFaceDetector>(detector);
        Assert.Equal(Fixtures.Model(CnnFaceDetector.DefaultModelFileName), cnn.ModelPath);
    }

    [Fact]
    public void CnnBoxesAndFivePointLandmarksGiveDescriptorsThatMatchThePeople()
    {
        var options = new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = Path.Combine(Fixtures.RepoRoot, "models") },
            Detector = FaceDetectorKind.Cnn,
            Cnn = new CnnDetectorOptions { Upsample = 0 },
            Landmarks = LandmarkModelKind.DlibShapePredictor,
            ShapePredictor = new ShapePredictorOptions { Model = new ModelOptions { FilePath = Fixtures.Path("reference/dlib/shape5/shape_predictor_5_lfw_small.dat") } },
        };
        using var analyzer = new FaceAnalyzer(options);
        using Image<Rgb24> obama = FaceImage.Load(Fixtures.Path("data/face_recognition/examples/obama.jpg"));
        using Image<Rgb24> obama2 = FaceImage.Load(Fixtures.Path("data/face_recognition/tests/test_images/obama2.jpg"));
        using Image<Rgb24> biden = FaceImage.Load(Fixtures.Path("data/face_recognition/examples/biden.jpg"));

        var a = Assert.Single(analyzer.Analyze(obama));
        var b = Assert.Single(analyzer.Analyze(obama2));
        var c = Assert.Single(analyzer.Analyze(biden));

        Assert.Equal(5, a.Landmarks.Count);
        Assert.True(a.Descriptor.DistanceTo(b.Descriptor) < 0.6f, $"obama-obama2 {a.Descriptor.DistanceTo(b.Descriptor)}");
        Assert.True(a.Descriptor.DistanceTo(c.Descriptor) > 0.6f, $"obama-biden {a.Descriptor.DistanceTo(c.Descriptor)}");
    }
}
