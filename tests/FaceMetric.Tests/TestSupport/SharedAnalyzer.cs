using FaceMetric.Onnx;
using FaceMetric.Detection;

namespace FaceMetric.Tests.TestSupport;

/// <summary>One analyzer (three ONNX sessions) for the whole test run, as the library intends.</summary>
public sealed class SharedAnalyzer : IDisposable
{
    public SharedAnalyzer()
    {
        string models = System.IO.Path.Combine(Fixtures.RepoRoot, "models");
        Analyzer = new FaceAnalyzer(new FaceAnalyzerOptions { Models = new ModelOptions { Directory = models } });
        Upsampling = new FaceAnalyzer(new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = models },
            FrontEnd = FaceFrontEnd.FaceApi,
            Ssd = new SsdDetectorOptions { Upsample = 1 },
        });
    }

    /// <summary>The default pipeline (<see cref="FaceFrontEnd.DlibCompatible"/>).</summary>
    public FaceAnalyzer Analyzer { get; }

    /// <summary>face-api.js's front end (SSD) with the detector's upsampling (small faces) on.</summary>
    public FaceAnalyzer Upsampling { get; }

    public void Dispose()
    {
        Analyzer.Dispose();
        Upsampling.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AnalyzerCollection : ICollectionFixture<SharedAnalyzer>
{
    public const string Name = "analyzer";
}
