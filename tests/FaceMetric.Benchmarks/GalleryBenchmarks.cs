using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FaceMetric.Embedding;
using FaceMetric.Identification;

namespace FaceMetric.Benchmarks;

/// <summary>
/// Exact search over 1,000,000 enrolled descriptors (512,000,000 bytes of floats): one probe (a single-threaded
/// scan of the whole block), 1,000 probes in one batched call (blocked kernel, all cores), and, as the yardstick,
/// a single-threaded Span.CopyTo of a block of the same size in the same run. The GB/s column is descriptor bytes
/// per operation over the median time; for the batch it counts the block once per probe.
/// </summary>
[Config(typeof(Config))]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class GalleryBenchmarks
{
    private const int GalleryRows = 1_000_000;
    private const int FacesPerLabel = 10;
    private const int BatchSize = 1_000;
    private const long BlockBytes = (long)GalleryRows * FaceDescriptor.Length * sizeof(float);

    private FaceGallery _gallery = null!;
    private FaceDescriptor _probe = null!;
    private FaceDescriptor[] _batch = null!;
    private float[] _block = null!;
    private float[] _copy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _block = SyntheticFaces.RandomNormalised(GalleryRows, seed: 1);
        _gallery = new FaceGallery();
        var faces = new FaceDescriptor[FacesPerLabel];
        for (int label = 0; label < GalleryRows / FacesPerLabel; label++)
        {
            for (int f = 0; f < FacesPerLabel; f++)
            {
                faces[f] = new FaceDescriptor(_block.AsSpan(((label * FacesPerLabel) + f) * FaceDescriptor.Length, FaceDescriptor.Length));
            }

            _gallery.Enroll($"person{label:D6}", faces);
        }

        float[] probes = SyntheticFaces.RandomNormalised(BatchSize, seed: 2);
        _batch = Enumerable.Range(0, BatchSize).Select(i => new FaceDescriptor(probes.AsSpan(i * FaceDescriptor.Length, FaceDescriptor.Length))).ToArray();
        _probe = _batch[0];
        _copy = new float[_block.Length];
        _block.AsSpan().CopyTo(_copy); // touch every page of the destination before measuring
    }

    [GlobalCleanup]
    public void Cleanup() => _gallery.Dispose();

    [Benchmark(Description = "Identify 1 probe vs 1M (k=7)")]
    [BytesPerOperation(BlockBytes)]
    public FaceIdentification IdentifyOne() => _gallery.Identify(_probe);

    [Benchmark(Description = "Identify 1,000 probes vs 1M, batched (k=7)")]
    [BytesPerOperation(BlockBytes * BatchSize)]
    public IReadOnlyList<FaceIdentification> IdentifyBatch() => _gallery.Identify(_batch);

    [Benchmark(Baseline = true, Description = "Span.CopyTo of the 512 MB block")]
    [BytesPerOperation(BlockBytes)]
    public float CopyBlock()
    {
        _block.AsSpan().CopyTo(_copy);
        return _copy[^1];
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn());
    }
}
