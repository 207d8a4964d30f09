using FaceMetric.Alignment;
using FaceMetric.DependencyInjection;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Landmarks;
using FaceMetric.Onnx;
using FaceMetric.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FaceMetric.Tests.DependencyInjection;

/// <summary>
/// <c>new FaceAnalyzer(options)</c> and <c>AddFaceMetric(o =&gt; o.Analyzer = options)</c> must build the same pipeline:
/// the same component types, model files, and the ONNX Runtime settings each session was actually opened with.
/// </summary>
public sealed class PipelineParityTests
{
    private static readonly string Models = Path.Combine(Fixtures.RepoRoot, "models");

    public static TheoryData<string> OptionSets => new() { "default", "dlib", "hog-upsample-0", "per-component-threads", "landmarks-override" };

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void TheContainerAndTheConstructorBuildTheSamePipeline(string name)
    {
        FaceAnalyzerOptions options = Options(name);
        using var direct = new FaceAnalyzer(options);
        using ServiceProvider provider = new ServiceCollection().AddFaceMetric(o => o.Analyzer = options).BuildServiceProvider();
        var viaContainer = provider.GetRequiredService<FaceAnalyzer>();

        Assert.Equal(Describe(direct.Detector), Describe(viaContainer.Detector));
        Assert.Equal(Describe(direct.Landmarks), Describe(viaContainer.Landmarks));
        Assert.Equal(Describe(direct.Embedder), Describe(viaContainer.Embedder));
        Assert.Equal(direct.Aligner.ChipSize, viaContainer.Aligner.ChipSize);
        Assert.Equal(direct.Aligner.Padding, viaContainer.Aligner.Padding);
    }

    [Fact]
    public void APerComponentInferenceSettingIsKeptOnBothPaths()
    {
        FaceAnalyzerOptions options = Options("per-component-threads");
        using var direct = new FaceAnalyzer(options);
        using ServiceProvider provider = new ServiceCollection().AddFaceMetric(o => o.Analyzer = options).BuildServiceProvider();
        foreach (FaceAnalyzer analyzer in new[] { direct, provider.GetRequiredService<FaceAnalyzer>() })
        {
            Assert.Equal(1, ((OnnxFaceEmbedder)analyzer.Embedder).Inference.IntraOpThreads);
            Assert.Equal(2, ((CnnFaceDetector)((FallbackFaceDetector)analyzer.Detector).Second).Inference.IntraOpThreads);
            Assert.Equal(2, ((OnnxLandmarkDetector)((DlibCorrectedLandmarkDetector)analyzer.Landmarks).FaceApi).Inference.IntraOpThreads);
        }
    }

    [Fact]
    public void CudaOnTheEmbedderOnlyReachesTheEmbedderOnBothPathsAndNothingElse()
    {
        // This machine's ONNX Runtime package has no CUDA provider: a session asked to use it fails, which proves the
        // setting reached that session; the detector and landmarks, left on the shared CPU setting, open fine.
        var options = new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = Models },
            Embedder = new FaceEmbedderOptions { Model = new ModelOptions { Inference = new InferenceOptions { ExecutionProvider = ExecutionProvider.Cuda } } },
        };
        var direct = Assert.Throws<ExecutionProviderUnavailableException>(() => new FaceAnalyzer(options));
        Assert.Equal(ExecutionProvider.Cuda, direct.Provider);

        using ServiceProvider provider = new ServiceCollection().AddFaceMetric(o => o.Analyzer = options).BuildServiceProvider();
        var detector = Assert.IsType<CnnFaceDetector>(Assert.IsType<FallbackFaceDetector>(provider.GetRequiredService<IFaceDetector>()).Second);
        Assert.Equal(ExecutionProvider.Cpu, detector.Inference.ExecutionProvider);
        var landmarks = Assert.IsType<OnnxLandmarkDetector>(Assert.IsType<DlibCorrectedLandmarkDetector>(provider.GetRequiredService<ILandmarkDetector>()).FaceApi);
        Assert.Equal(ExecutionProvider.Cpu, landmarks.Inference.ExecutionProvider);
        var viaContainer = Assert.Throws<ExecutionProviderUnavailableException>(() => provider.GetRequiredService<IFaceEmbedder>());
        Assert.Equal(ExecutionProvider.Cuda, viaContainer.Provider);
    }

    private static FaceAnalyzerOptions Options(string name)
    {
        var shared = new FaceAnalyzerOptions { Models = new ModelOptions { Directory = Models } };
        return name switch
        {
            "default" => shared,
            "dlib" => shared with { FrontEnd = FaceFrontEnd.Dlib, ShapePredictor = DlibModelFile.Options },
            "hog-upsample-0" => shared with { Detector = FaceDetectorKind.Hog, Hog = new HogDetectorOptions { Upsample = 0, AdjustThreshold = -0.25 } },
            "per-component-threads" => shared with
            {
                Models = shared.Models with { Inference = new InferenceOptions { IntraOpThreads = 2 } },
                Embedder = new FaceEmbedderOptions { Model = new ModelOptions { Inference = new InferenceOptions { IntraOpThreads = 1 } }, AverageWithMirror = true },
            },
            "landmarks-override" => shared with { FrontEnd = FaceFrontEnd.Dlib, Landmarks = LandmarkModelKind.FaceApi68, Ssd = new SsdDetectorOptions { MinScore = 0.3f } },
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private static string Describe(object component) => component switch
    {
        SsdFaceDetector d => $"ssd {d.ModelPath} {d.Inference} {d.Options with { Model = new ModelOptions() }}",
        HogFaceDetector d => $"hog {d.ModelPath} {d.Options with { Model = new ModelOptions() }}",
        OnnxLandmarkDetector l => $"face-api-68 {l.ModelPath} {l.Inference}",
        DlibShapePredictor p => $"shape-predictor {p.ModelPath}",
        OnnxFaceEmbedder e => $"embedder {e.ModelPath} {e.Inference} chip {e.ChipSize}/{e.ChipPadding} mirror {e.AveragesWithMirror} jitter {e.JitterCount}",
        CnnFaceDetector d => $"cnn {d.ModelPath} {d.Inference}",
        FallbackFaceDetector f => $"first ({Describe(f.First)}) then ({Describe(f.Second)})",
        DlibCorrectedLandmarkDetector c => $"dlib-corrected ({Describe(c.FaceApi)})",
        _ => throw new InvalidOperationException("unexpected component " + component.GetType()),
    };
}
