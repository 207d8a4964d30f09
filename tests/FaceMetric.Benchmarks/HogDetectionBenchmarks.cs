using BenchmarkDotNet.Attributes;
using FaceMetric.Detection;
using FaceMetric.Detection.Hog;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Benchmarks;

/// <summary>
/// dlib's HOG face detector (<see cref="HogFaceDetector"/>) on face-api's demo sample1.jpg (1920x1280, 4 faces at
/// upsample 1) and dlib's bald_guys.jpg, and its stages. dlib's own timing on the same photos:
/// <c>bash tests/FaceMetric.Benchmarks/dlib-anchor/hog.sh IMAGE...</c>.
/// Run: dotnet run -c Release --project tests/FaceMetric.Benchmarks -- --filter '*HogDetectionBenchmarks*'
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class HogDetectionBenchmarks
{
    private HogFaceDetector _detector = null!;
    private HogFaceDetector _upsampling = null!;
    private HogFaceDetector _detectorAllCores = null!;
    private HogFaceDetector _upsamplingAllCores = null!;
    private HogScanner _scanner = null!;
    private Image<Rgb24> _photo = null!;
    private RgbRaster _raster = null!;

    /// <summary>The photo (under the tests' fixtures): face-api's sample1.jpg, or dlib's bald_guys.jpg (1986x1545, 24 faces).</summary>
    [Params("reference/dlib/images/sample1.jpg", "data/dlib/examples/faces/bald_guys.jpg")]
    public string Photo { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _photo = Image.Load<Rgb24>(Path.Combine(BenchmarkData.Fixtures, Photo));
        var oneThread = new FaceMetric.Onnx.ModelOptions { Inference = new FaceMetric.Onnx.InferenceOptions { IntraOpThreads = 1 } };
        _detector = new HogFaceDetector(new HogDetectorOptions { Upsample = 0, Model = oneThread });
        _upsampling = new HogFaceDetector(new HogDetectorOptions { Upsample = 1, Model = oneThread });
        _detectorAllCores = new HogFaceDetector(new HogDetectorOptions { Upsample = 0 });
        _upsamplingAllCores = new HogFaceDetector(new HogDetectorOptions { Upsample = 1 });
        _scanner = new HogScanner(HogModel.Load(_detector.ModelPath));
        _raster = HogFaceDetector.ToRaster(_photo);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _detector.Dispose();
        _upsampling.Dispose();
        _detectorAllCores.Dispose();
        _upsamplingAllCores.Dispose();
        _photo.Dispose();
    }

    /// <summary>The whole detector on one thread, on the photo as it is (dlib's upsample_num_times = 0).</summary>
    [Benchmark(Baseline = true)]
    public int Detect() => _detector.Detect(_photo).Count;

    /// <summary>The whole detector on one thread, photo upsampled once (face_recognition's default).</summary>
    [Benchmark]
    public int DetectUpsample1() => _upsampling.Detect(_photo).Count;

    /// <summary>The whole detector with the default settings: pyramid levels scanned at once on all cores.</summary>
    [Benchmark]
    public int DetectAllCores() => _detectorAllCores.Detect(_photo).Count;

    /// <summary>The same, photo upsampled once.</summary>
    [Benchmark]
    public int DetectUpsample1AllCores() => _upsamplingAllCores.Detect(_photo).Count;

    /// <summary>dlib's pyramid_up of the photo, alone.</summary>
    [Benchmark]
    public int PyramidUp() => DlibBilinearResize.PyramidUp(_raster).Width;

    /// <summary>The fHOG pyramid (all pyramid_down&lt;6&gt; levels and their features) of the photo, no filtering.</summary>
    [Benchmark]
    public int FeaturePyramid() => _scanner.BuildPyramid(_raster).Count;
}
