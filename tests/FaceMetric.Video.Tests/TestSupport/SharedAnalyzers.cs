using FaceMetric.Detection;
using FaceMetric.Onnx;

namespace FaceMetric.Video.Tests.TestSupport;

/// <summary>
/// The analyzers the video tests share: the default pipeline, and the one the Hamilton figures use (the SSD
/// detector upsampled once: the clip's faces are 30-120 px and the default misses a third of Lin-Manuel Miranda's).
/// </summary>
public sealed class SharedAnalyzers : IDisposable
{
    public SharedAnalyzers()
    {
        var models = new ModelOptions { Directory = VideoFixtures.Models };
        Default = new FaceAnalyzer(new FaceAnalyzerOptions { Models = models });
        Upsampling = new FaceAnalyzer(new FaceAnalyzerOptions { Models = models, Ssd = new SsdDetectorOptions { Upsample = 1 } });
    }

    public FaceAnalyzer Default { get; }

    public FaceAnalyzer Upsampling { get; }

    public void Dispose()
    {
        Default.Dispose();
        Upsampling.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AnalyzerCollection : ICollectionFixture<SharedAnalyzers>
{
    public const string Name = "video analyzers";
}
