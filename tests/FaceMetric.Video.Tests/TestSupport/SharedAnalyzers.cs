using FaceMetric.Onnx;

namespace FaceMetric.Video.Tests.TestSupport;

/// <summary>
/// The analyzers the video tests share: the library's default pipeline (for tests that only need some analyzer), and
/// the video front end the Hamilton figures use (<see cref="VideoFrontEnd"/>: CNN upsampled twice for frames, once
/// for the known photos; face-api landmarks; mirror averaging), named explicitly so that it does not move with the
/// library's default.
/// </summary>
public sealed class SharedAnalyzers : IDisposable
{
    public SharedAnalyzers()
    {
        var models = new ModelOptions { Directory = VideoFixtures.Models };
        Default = new FaceAnalyzer(new FaceAnalyzerOptions { Models = models });
        Video = new FaceAnalyzer(VideoFrontEnd.Options(models));
        Photos = new FaceAnalyzer(VideoFrontEnd.PhotoOptions(models));
    }

    public FaceAnalyzer Default { get; }

    /// <summary>The video front end, for frames.</summary>
    public FaceAnalyzer Video { get; }

    /// <summary>The video front end, for known people's photos.</summary>
    public FaceAnalyzer Photos { get; }

    public void Dispose()
    {
        Default.Dispose();
        Video.Dispose();
        Photos.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AnalyzerCollection : ICollectionFixture<SharedAnalyzers>
{
    public const string Name = "video analyzers";
}
