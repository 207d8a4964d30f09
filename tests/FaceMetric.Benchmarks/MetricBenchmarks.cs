using BenchmarkDotNet.Attributes;
using FaceMetric.Metric;

namespace FaceMetric.Benchmarks;

/// <summary>dlib's metric loss on a P×K mini-batch of 128-d embeddings, and one SGD step of the 256→128 projection.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class MetricBenchmarks
{
    private readonly MetricLoss _loss = new();
    private readonly MetricLossWorkspace _workspace = new();
    private float[] _embeddings = [];
    private int[] _labels = [];
    private float[] _gradient = [];

    /// <summary>Batch size n = P·K with K = 4.</summary>
    [Params(32, 128)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _labels = Enumerable.Range(0, BatchSize).Select(i => i / 4).ToArray();
        // Clustered embeddings of dlib-like scale (norm ~1.4), so that part of the pairs is active.
        var centres = Enumerable.Range(0, BatchSize / 4).Select(_ => Enumerable.Range(0, 128).Select(_ => (float)(random.NextDouble() - 0.5) * 0.25f).ToArray()).ToArray();
        _embeddings = Enumerable.Range(0, BatchSize * 128).Select(i => centres[_labels[i / 128]][i % 128] + ((float)(random.NextDouble() - 0.5) * 0.05f)).ToArray();
        _gradient = new float[_embeddings.Length];
    }

    [Benchmark]
    public double LossAndGradient() => _loss.ComputeLossAndGradient(_embeddings, 128, _labels, _gradient, _workspace);
}
