using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using FaceMetric.Embedding;
using FaceMetric.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Benchmarks;

/// <summary>
/// Milliseconds per face of the recognition ResNet at batch 1, 8 and 16, on one and two intra-op threads.
/// Anchor: dlib 19.24's C++ forward pass on this machine type, one thread: p10 18.8 ms/face, p50 24-28
/// (../shared/reference/README.md). Run: dotnet run -c Release --project tests/FaceMetric.Benchmarks -- --filter '*Embedder*'
/// </summary>
[Config(typeof(Config))]
public class EmbedderBenchmarks
{
    private OnnxFaceEmbedder? _embedder;
    private byte[] _chips = [];

    [Params(1, 8, 16)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _embedder = new OnnxFaceEmbedder(new FaceEmbedderOptions
        {
            Model = new ModelOptions { Directory = BenchmarkData.Models, Inference = new InferenceOptions { IntraOpThreads = Threads, InterOpThreads = 1 } },
        });

        // Real chips: dlib's bald_guys chips shipped with the tests' fixtures, cycled to fill the batch.
        string chipDir = Path.Combine(BenchmarkData.Fixtures, "reference", "dlib", "chips");
        string[] files = Directory.GetFiles(chipDir, "bald_guys_face*.png").Order(StringComparer.Ordinal).ToArray();
        const int chipBytes = 150 * 150 * 3;
        _chips = new byte[Batch * chipBytes];
        for (int i = 0; i < Batch; i++)
        {
            using Image<Rgb24> chip = Image.Load<Rgb24>(files[i % files.Length]);
            chip.CopyPixelDataTo(_chips.AsSpan(i * chipBytes, chipBytes));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _embedder?.Dispose();

    [Benchmark]
    public IReadOnlyList<FaceDescriptor> Embed() => _embedder!.Embed(_chips, Batch);


    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(25).WithInvocationCount(16).WithUnrollFactor(1));
            AddColumn(new PerFaceColumn(10), new PerFaceColumn(50), new PerFaceColumn(90));
            AddColumn(StatisticColumn.Median);
        }
    }
}
