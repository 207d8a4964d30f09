using FaceMetric.Geometry;
using BenchmarkDotNet.Attributes;
using FaceMetric.Detection;
using FaceMetric.Landmarks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Benchmarks;

/// <summary>
/// Face detection and 68-point landmarks on a typical photo: face-api's demo sample1.jpg (1920x1280, 3 faces).
/// Run: dotnet run -c Release --project tests/FaceMetric.Benchmarks -- --filter '*DetectionBenchmarks*'
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class DetectionBenchmarks
{
    private SsdFaceDetector _detector = null!;
    private SsdFaceDetector _upsampling = null!;
    private OnnxLandmarkDetector _landmarks = null!;
    private Image<Rgb24> _photo = null!;
    private IReadOnlyList<DetectedFace> _faces = null!;
    private float[] _planar = null!;

    [GlobalSetup]
    public void Setup()
    {
        _photo = Image.Load<Rgb24>(Path.Combine(BenchmarkData.Fixtures, "reference/dlib/images/sample1.jpg"));
        _detector = new SsdFaceDetector();
        _upsampling = new SsdFaceDetector(new SsdDetectorOptions { Upsample = 1 });
        _landmarks = new OnnxLandmarkDetector();
        _faces = _detector.Detect(_photo);
        _planar = new float[3 * SsdFaceDetector.InputSize * SsdFaceDetector.InputSize];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _detector.Dispose();
        _upsampling.Dispose();
        _landmarks.Dispose();
        _photo.Dispose();
    }

    /// <summary>Padding + legacy bilinear resize of the photo to the 512 input, alone.</summary>
    [Benchmark]
    public float Resize512()
    {
        LegacyBilinearResize.ToPlanar(_photo, SquareWindow.PadBottomRight(new PixelBox(0, 0, _photo.Width, _photo.Height)), SsdFaceDetector.InputSize, _planar);
        return _planar[0];
    }

    [Benchmark(Baseline = true)]
    public int Detect() => _detector.Detect(_photo).Count;

    [Benchmark]
    public int DetectUpsample1() => _upsampling.Detect(_photo).Count;

    /// <summary>68 landmarks for the photo's 3 faces, one batched call.</summary>
    [Benchmark]
    public int Landmarks3Faces() => _landmarks.Detect(_photo, _faces).Count;
}
