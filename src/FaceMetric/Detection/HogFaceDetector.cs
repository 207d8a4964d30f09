using FaceMetric.Geometry;
using FaceMetric.Alignment;
using FaceMetric.Detection.Hog;
using FaceMetric.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Detection;

/// <summary>
/// dlib's HOG frontal face detector (<c>get_frontal_face_detector()</c>: five linear filters over Felzenszwalb HOG
/// features and a 5/6-step image pyramid), ported to C# bit for bit: the boxes are dlib's, and so are the boxes dlib's
/// 68-point shape predictor (<see cref="Landmarks.DlibShapePredictor"/>) was trained on.
/// </summary>
/// <remarks>
/// <para>The photo is upsampled <see cref="HogDetectorOptions.Upsample"/> times with dlib's <c>pyramid_up</c>, scanned,
/// and the boxes are mapped back with <c>pyramid_down&lt;2&gt;::rect_down</c>, as dlib's Python binding (and so
/// face_recognition) does. Boxes are dlib rectangles: whole pixels, <see cref="DetectedFace.Width"/> = right - left + 1;
/// they may reach past the image edges. <see cref="DetectedFace.Score"/> is dlib's detection confidence (filter
/// response minus threshold: 0 and up at the default threshold; not a probability, unlike
/// <see cref="SsdFaceDetector"/>'s).</para>
/// <para>The model (<c>models/dlib_frontal_face_detector.hog</c>, 87 KB, Boost Software License) is dlib 19.24's
/// detector, exported by <c>tools/dlib-hog</c>. It finds frontal and near-frontal faces of about 80 x 80 pixels and up
/// in the scanned image; it misses strongly turned faces that <see cref="SsdFaceDetector"/> finds.</para>
/// <para>No native session: thread-safe, any number of concurrent <see cref="Detect"/> calls. A large photo's work
/// buffers are unmanaged memory, kept for the next call up to 64 MB and freed by <see cref="Dispose"/>.
/// Cost grows with the scanned area (about 4x per upsampling step). A call scans several pyramid levels at once on the
/// cores that the calls in flight leave free (<see cref="InferenceOptions.IntraOpThreads"/> of the model's
/// <see cref="ModelOptions.Inference"/>, or all cores), with the same result as one level at a time.</para>
/// </remarks>
public sealed class HogFaceDetector : IFaceDetector, IThreadBudgetedDetector, IScanFittingDetector
{
    /// <summary>The file name of the shipped detector model.</summary>
    public const string DefaultModelFileName = "dlib_frontal_face_detector.hog";

    private readonly HogScanner _scanner;
    private readonly HogDetectorOptions _options;
    private readonly int _cores;
    private int _inFlight;

    /// <summary>The settings it was created with.</summary>
    internal HogDetectorOptions Options => _options;
    private int _disposed;

    /// <summary>Loads the detector model.</summary>
    /// <param name="options">Settings; null for the defaults and the shipped model.</param>
    /// <exception cref="FaceModelException">The model file is missing, truncated or not a HOG model.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public HogFaceDetector(HogDetectorOptions? options = null)
    {
        options ??= new HogDetectorOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Upsample, nameof(options.Upsample));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Upsample, HogDetectorOptions.MaxUpsample, nameof(options.Upsample));
        if (!double.IsFinite(options.AdjustThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AdjustThreshold, "AdjustThreshold must be finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxScannedPixels, 1, nameof(options.MaxScannedPixels));
        _options = options;
        ModelPath = options.Model.ResolvePath(DefaultModelFileName);
        _scanner = new HogScanner(HogModel.Load(ModelPath));
        int intraOp = options.Model.ResolvedInference.IntraOpThreads;
        _cores = intraOp > 0 ? intraOp : Environment.ProcessorCount;
    }

    /// <summary>The model file in use.</summary>
    public string ModelPath { get; }

    /// <inheritdoc />
    /// <exception cref="ScanTooLargeException">The upsampled image would exceed <see cref="HogDetectorOptions.MaxScannedPixels"/>.</exception>
    public IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image) => DetectCore(image, _cores, _options.Upsample);

    /// <inheritdoc />
    IReadOnlyList<DetectedFace> IThreadBudgetedDetector.Detect(Image<Rgb24> image, int maxThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        return DetectCore(image, maxThreads, _options.Upsample);
    }

    /// <inheritdoc />
    IReadOnlyList<DetectedFace> IScanFittingDetector.DetectFitted(Image<Rgb24> image, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        return ScanFit.Detect(image, _options.Upsample, Fits, (photo, upsample) => DetectCore(photo, maxThreads, upsample));
    }

    private bool Fits(int width, int height, int upsample) => (double)width * height * Math.Pow(4, upsample) <= _options.MaxScannedPixels;

    private IReadOnlyList<DetectedFace> DetectCore(Image<Rgb24> image, int maxThreads, int upsample)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!Fits(image.Width, image.Height, upsample))
        {
            double scanned = (double)image.Width * image.Height * Math.Pow(4, upsample);
            throw new ScanTooLargeException(
                $"A {image.Width}x{image.Height} image upsampled {upsample} time(s) is about {scanned / 1e6:F0} megapixels, " +
                $"over the HOG detector's limit of {_options.MaxScannedPixels / 1e6:F0}; lower Upsample or downscale the photo.", nameof(image));
        }

        // The photo's pixels and the upsampled images are work space from the scanner's buffers, each given back once
        // the next is made or the scan done. The last upsampling is not made whole: the scanner makes it band by band
        // as it scans (the largest image of a scan, four times the photo). Pyramid levels are scanned on the cores that
        // other calls in flight leave free (same result either way).
        HogBlock<byte> photoPixels = _scanner.Buffers.Rent<byte>(checked(image.Width * image.Height * 3));
        RgbRaster raster = ToRaster(image, photoPixels.Memory);
        int threads = Math.Max(1, Math.Min(maxThreads, _cores - (Interlocked.Increment(ref _inFlight) - 1)));
        HogBlock<byte>? rented = null;
        List<HogDetection> found;
        try
        {
            for (int u = 0; u < upsample - 1; u++)
            {
                var (width, height) = DlibBilinearResize.PyramidUpSize(raster);
                HogBlock<byte> pixels = _scanner.Buffers.Rent<byte>(checked(width * height * 3));
                var next = new RgbRaster(width, height, pixels.Memory);
                DlibBilinearResize.Resize(raster, next);
                if (rented is not null)
                {
                    _scanner.Buffers.Return(rented);
                }

                (rented, raster) = (pixels, next);
            }

            found = _scanner.Detect(raster, _options.AdjustThreshold, threads, upsampleFirst: upsample > 0);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            if (rented is not null)
            {
                _scanner.Buffers.Return(rented);
            }

            _scanner.Buffers.Return(photoPixels);
        }

        var result = new DetectedFace[found.Count];
        for (int i = 0; i < found.Count; i++)
        {
            PixelRect r = RectDown2(found[i].Rect, upsample);
            result[i] = DetectedFace.FromDlibRectangle(r, (float)found[i].Confidence);
        }

        return result;
    }

    /// <summary>Frees the work space kept between calls (unmanaged memory); later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _scanner.Buffers.Dispose();
        }
    }

    /// <summary>The image's pixels in a raster of their own.</summary>
    internal static RgbRaster ToRaster(Image<Rgb24> image) => ToRaster(image, new byte[checked(image.Width * image.Height * 3)]);

    /// <summary>The image's pixels copied into <paramref name="pixels"/> (at least width x height x 3 bytes).</summary>
    internal static RgbRaster ToRaster(Image<Rgb24> image, Memory<byte> pixels)
    {
        var raster = new RgbRaster(image.Width, image.Height, pixels);
        int stride = raster.Stride;
        image.ProcessPixelRows(accessor =>
        {
            Span<byte> destination = pixels.Span;
            for (int y = 0; y < accessor.Height; y++)
            {
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(accessor.GetRowSpan(y)).CopyTo(destination.Slice(y * stride, stride));
            }
        });
        return raster;
    }

    /// <summary>pyramid_down&lt;2&gt;::rect_down(rect, levels): corners p / 2 - (1.25, 0.75) per level, then rounded.</summary>
    internal static PixelRect RectDown2(PixelRect rect, int levels)
    {
        double l = rect.Left, t = rect.Top, r = rect.Right, b = rect.Bottom;
        for (int i = 0; i < levels; i++)
        {
            l = (l / 2.0) - 1.25;
            t = (t / 2.0) - 0.75;
            r = (r / 2.0) - 1.25;
            b = (b / 2.0) - 0.75;
        }

        return new PixelRect(DlibRounding.Round(l), DlibRounding.Round(t), DlibRounding.Round(r), DlibRounding.Round(b));
    }
}
