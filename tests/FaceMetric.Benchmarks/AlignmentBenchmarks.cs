using System.Numerics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FaceMetric.Alignment;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Benchmarks;

/// <summary>
/// dlib-exact chip extraction on dlib's decoded bald_guys pixels (1986 x 1545): face 0 is sampled directly (rectangle
/// 152 px), face 22 through one pyramid_down&lt;2&gt; level (rectangle 335 px). dlib itself takes about 0.5 ms per chip.
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 5)]
[MedianColumn]
[MemoryDiagnoser]
public class AlignmentBenchmarks
{
    private readonly FaceAligner _aligner = new();
    private Image<Rgb24> _image = null!;
    private FaceLandmarks _small = null!;
    private FaceLandmarks _large = null!;
    private FaceChipDetails _smallDetails = null!;
    private FaceChipDetails _largeDetails = null!;
    private byte[] _chip = null!;

    [GlobalSetup]
    public void Setup()
    {
        string root = BenchmarkData.Fixtures;
        _image = FaceImage.Load(Path.Combine(root, "reference/dlib/decoded/bald_guys_decoded.png"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "reference/dlib/align_bald_guys.json")));
        JsonElement faces = doc.RootElement.GetProperty("images")[0].GetProperty("faces");
        _small = Landmarks(faces[0]);
        _large = Landmarks(faces[22]);
        _smallDetails = _aligner.GetChipDetails(_small);
        _largeDetails = _aligner.GetChipDetails(_large);
        _chip = new byte[150 * 150 * 3];
    }

    [GlobalCleanup]
    public void Cleanup() => _image.Dispose();

    [Benchmark]
    public FaceChipDetails GetChipDetails68() => _aligner.GetChipDetails(_small);

    [Benchmark]
    public byte ExtractChipSmallFaceToSpan()
    {
        FaceAligner.ExtractChipCore(_image, _smallDetails, _chip);
        return _chip[0];
    }

    [Benchmark]
    public byte ExtractChipLargeFacePyramidToSpan()
    {
        FaceAligner.ExtractChipCore(_image, _largeDetails, _chip);
        return _chip[0];
    }

    [Benchmark]
    public int ExtractChipImageDoor()
    {
        using Image<Rgb24> chip = _aligner.ExtractChip(_image, _small);
        return chip.Width;
    }

    private static FaceLandmarks Landmarks(JsonElement face) => new(
        face.GetProperty("landmarks").EnumerateArray().Select(p => new Vector2(p[0].GetSingle(), p[1].GetSingle())).ToArray());
}
