using BenchmarkDotNet.Attributes;
using FaceMetric.Detection;
using FaceMetric.Imaging;
using FaceMetric.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Benchmarks;

/// <summary>
/// dlib's CNN (MMOD) face detector (<see cref="CnnFaceDetector"/>) on face-api.js's group shot faces.jpg (710x473,
/// 6 faces), upsample 0 and 1, ONNX Runtime on 1 and 2 threads. dlib's own timing on the same photo:
/// <c>bash tests/FaceMetric.Benchmarks/dlib-anchor/cnn.sh</c>.
/// Run: dotnet run -c Release --project tests/FaceMetric.Benchmarks -- --filter '*CnnDetectionBenchmarks*'
/// </summary>
[SimpleJob(warmupCount: 1, iterationCount: 5)]
[MinColumn]
[MedianColumn]
public class CnnDetectionBenchmarks
{
    private CnnFaceDetector _detector = null!;
    private Image<Rgb24> _photo = null!;

    /// <summary>ONNX Runtime intra-op threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>dlib's upsample_num_times.</summary>
    [Params(0, 1)]
    public int Upsample { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _photo = FaceImage.Load(Path.Combine(BenchmarkData.Fixtures, "data/face-api.js/test/images/faces.jpg"));
        _detector = new CnnFaceDetector(new CnnDetectorOptions
        {
            Upsample = Upsample,
            Model = new ModelOptions { Inference = new InferenceOptions { IntraOpThreads = Threads, InterOpThreads = 1 } },
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _detector.Dispose();
        _photo.Dispose();
    }

    /// <summary>The whole detector: pyramid_up, tiled pyramid, network, decoding.</summary>
    [Benchmark]
    public int Detect() => _detector.Detect(_photo).Count;
}
