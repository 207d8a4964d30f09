using BenchmarkDotNet.Attributes;
using FaceMetric.Imaging.Jpeg;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Benchmarks;

/// <summary>
/// The libjpeg-exact decoder (LibjpegDecoder) against ImageSharp's own JPEG decoder on the same bytes, to Rgb24.
/// Inputs: dlib's bald_guys.jpg (1986x1545, 4:2:0, 648 kB, written by libjpeg) and a 12.3-megapixel 4:2:0 photo
/// (bald_guys tiled 2x2, 3972x3090, saved by ImageSharp at quality 90).
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 5)]
[MedianColumn]
[MemoryDiagnoser]
public class JpegDecodeBenchmarks
{
    private byte[] _jpeg = null!;

    [Params("bald_guys-3.1MP", "mosaic-12.3MP")]
    public string Input { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        byte[] baldGuys = File.ReadAllBytes(Path.Combine(BenchmarkData.Fixtures, "data/dlib/examples/faces/bald_guys.jpg"));
        _jpeg = Input == "mosaic-12.3MP" ? Mosaic(baldGuys) : baldGuys;
    }

    [Benchmark(Baseline = true)]
    public int ImageSharpLoad()
    {
        using var image = Image.Load<Rgb24>(_jpeg);
        return image.Width;
    }

    [Benchmark]
    public int LibjpegDecoderTryDecode()
    {
        using Image<Rgb24> image = LibjpegDecoder.TryDecode(_jpeg) ?? throw new InvalidOperationException("fell back");
        return image.Width;
    }

    private static byte[] Mosaic(byte[] jpeg)
    {
        using var tile = Image.Load<Rgb24>(jpeg);
        using var mosaic = new Image<Rgb24>(2 * tile.Width, 2 * tile.Height);
        for (int y = 0; y < mosaic.Height; y++)
        {
            Span<Rgb24> source = tile.DangerousGetPixelRowMemory(y % tile.Height).Span;
            Span<Rgb24> target = mosaic.DangerousGetPixelRowMemory(y).Span;
            source.CopyTo(target);
            source.CopyTo(target[tile.Width..]);
        }

        using var output = new MemoryStream();
        mosaic.Save(output, new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio420 });
        return output.ToArray();
    }
}
