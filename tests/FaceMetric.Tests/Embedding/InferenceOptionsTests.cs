using FaceMetric.Embedding;
using FaceMetric.Onnx;
using FaceMetric.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace FaceMetric.Tests.Embedding;

public sealed class InferenceOptionsTests
{
    private static string ModelPath => Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx");

    [Fact]
    public void CudaWithTheCpuOnlyPackageFailsWithAClearTypedError()
    {
        var options = new FaceEmbedderOptions { Model = new ModelOptions { FilePath = ModelPath, Inference = new InferenceOptions { ExecutionProvider = ExecutionProvider.Cuda } } };
        var e = Assert.Throws<ExecutionProviderUnavailableException>(() => new OnnxFaceEmbedder(options));
        Assert.Equal(ExecutionProvider.Cuda, e.Provider);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu", e.Message);
    }

    [Fact]
    public void NegativeThreadCountsAreRefused()
    {
        var options = new FaceEmbedderOptions { Model = new ModelOptions { FilePath = ModelPath, Inference = new InferenceOptions { IntraOpThreads = -1 } } };
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxFaceEmbedder(options));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new ModelOptions { FilePath = ModelPath }, MaxBatchSize = 0 }));
    }

    [Fact]
    public void LoadingTheModelIsLoggedWithItsPathAndProvider()
    {
        var logger = new ListLogger<OnnxFaceEmbedder>();
        using var embedder = new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new ModelOptions { FilePath = ModelPath, Inference = new InferenceOptions { IntraOpThreads = 1 } } }, logger);
        string line = Assert.Single(logger.Lines);
        Assert.Contains(ModelPath, line);
        Assert.Contains("Cpu", line);
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
