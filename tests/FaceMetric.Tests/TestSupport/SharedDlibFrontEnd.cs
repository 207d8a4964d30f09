using FaceMetric.Landmarks;
using FaceMetric.Onnx;

namespace FaceMetric.Tests.TestSupport;

/// <summary>
/// dlib's front end, loaded once per test class that uses it: dlib's 68-point shape predictor is a 95 MB file that
/// takes seconds to read, so it is not loaded again for every test.
/// </summary>
public sealed class SharedDlibFrontEnd : IDisposable
{
    /// <summary>The whole pipeline with <see cref="FaceFrontEnd.Dlib"/> and the shipped models.</summary>
    public FaceAnalyzer Analyzer { get; } = new(new FaceAnalyzerOptions
    {
        Models = new ModelOptions { Directory = Path.Combine(Fixtures.RepoRoot, "models") },
        FrontEnd = FaceFrontEnd.Dlib,
    });

    /// <summary>The analyzer's shape predictor.</summary>
    public DlibShapePredictor ShapePredictor => (DlibShapePredictor)Analyzer.Landmarks;

    public void Dispose() => Analyzer.Dispose();
}
