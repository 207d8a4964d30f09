using FaceMetric.Onnx;
using FaceMetric.Embedding;
using FaceMetric.Matching;
using FaceMetric.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FaceMetric.Tests.DependencyInjection;

public sealed class AddFaceMetricTests
{
    [Fact]
    public void TheContainerGivesOneAnalyzerSharingTheEmbedderAndItWorksOnARealPhoto()
    {
        var services = new ServiceCollection();
        services.AddFaceMetric(o =>
        {
            o.Analyzer = new FaceAnalyzerOptions { Models = new ModelOptions { Directory = Path.Combine(Fixtures.RepoRoot, "models") } };
            o.MatchThreshold = 0.55f;
        });

        IFaceEmbedder embedder;
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            var analyzer = provider.GetRequiredService<FaceAnalyzer>();
            Assert.Same(analyzer, provider.GetRequiredService<FaceAnalyzer>());
            embedder = provider.GetRequiredService<IFaceEmbedder>();
            Assert.Equal(0.55f, provider.GetRequiredService<FaceMatcher>().Threshold);

            var faces = analyzer.Analyze(Fixtures.Path("data/face_recognition/examples/two_people.jpg"));
            Assert.Equal(2, faces.Count);
        }

        // Disposing the container disposed the models.
        Assert.Throws<ObjectDisposedException>(() => embedder.Embed(new byte[150 * 150 * 3], 1));
    }

    [Fact]
    public void TheDlibFrontEndRegistersTheHogDetectorAndDlibsShapePredictor()
    {
        var services = new ServiceCollection();
        services.AddFaceMetric(o =>
        {
            o.Analyzer = new FaceAnalyzerOptions { Models = new ModelOptions { Directory = Path.Combine(Fixtures.RepoRoot, "models") }, FrontEnd = FaceFrontEnd.Dlib };
        });

        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.IsType<FaceMetric.Detection.HogFaceDetector>(provider.GetRequiredService<FaceMetric.Detection.IFaceDetector>());
        Assert.IsType<FaceMetric.Landmarks.DlibShapePredictor>(provider.GetRequiredService<FaceMetric.Landmarks.ILandmarkDetector>());
        var faces = provider.GetRequiredService<FaceAnalyzer>().Analyze(Fixtures.Path("data/face_recognition/examples/two_people.jpg"));
        Assert.Equal(2, faces.Count);
    }

    [Fact]
    public void AMissingModelFolderFailsWhenTheServiceIsResolvedWithFaceModelException()
    {
        var services = new ServiceCollection().AddFaceMetric(o => o.Analyzer = new FaceAnalyzerOptions { Models = new ModelOptions { Directory = "/no/such/models" } });
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Throws<FaceModelException>(() => provider.GetRequiredService<IFaceEmbedder>());
    }
}
