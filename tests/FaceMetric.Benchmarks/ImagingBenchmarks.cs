using BenchmarkDotNet.Attributes;
using FaceMetric.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Benchmarks;

/// <summary>FaceImage.Load (signature, structure walk, header, budget, decode, orientation) against a bare ImageSharp decode.</summary>
[SimpleJob(warmupCount: 2, iterationCount: 5)]
[MedianColumn]
[MemoryDiagnoser]
public class ImagingBenchmarks
{
    private byte[] _jpeg = null!;

    [GlobalSetup]
    public void Setup() => _jpeg = File.ReadAllBytes(Path.Combine(BenchmarkData.Fixtures, "data/face_recognition/examples/obama_small.jpg"));

    [Benchmark(Baseline = true)]
    public int ImageSharpLoadJpeg()
    {
        using var image = Image.Load<Rgb24>(_jpeg);
        return image.Width;
    }

    [Benchmark]
    public int FaceImageLoadJpeg()
    {
        using var image = FaceImage.Load(_jpeg);
        return image.Width;
    }
}
