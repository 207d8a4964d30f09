using FaceMetric.Alignment;
using FaceMetric.Detection.Cnn;
using FaceMetric.Detection.Hog;
using FaceMetric.Onnx;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Detection;

/// <summary>
/// dlib's CNN face detector (MMOD, <c>mmod_human_face_detector.dat</c>: face_recognition's
/// <c>face_locations(model="cnn")</c> and dlib's <c>cnn_face_detection_model_v1</c>), its network run by ONNX Runtime and
/// everything around it ported from dlib 19.24: the tiled <c>pyramid_down&lt;6&gt;</c> input image, the output decoding
/// of <c>loss_mmod_::to_label</c> and its non-maximum suppression. It finds turned, tilted and partly hidden faces that
/// <see cref="HogFaceDetector"/> misses.
/// </summary>
/// <remarks>
/// <para>The photo is upsampled <see cref="CnnDetectorOptions.Upsample"/> times with dlib's <c>pyramid_up</c>; its
/// pyramid (levels 5/6 apart, down to 5 rows) is tiled into one image, normalised as dlib's
/// <c>input_rgb_image_pyramid</c> does, and scored by the network; every output position scoring above
/// <see cref="CnnDetectorOptions.AdjustThreshold"/> is an 80 x 80 window of its level, mapped back to the photo
/// (<c>tiled_pyramid_to_image</c>, then <c>pyramid_down&lt;2&gt;::rect_down</c> for the upsampling, as dlib's Python
/// binding does); overlapping windows are suppressed greedily from the highest score.</para>
/// <para>Boxes are dlib rectangles: whole pixels, <see cref="DetectedFace.Width"/> = right - left + 1; they may reach
/// past the image edges. <see cref="DetectedFace.Score"/> is dlib's <c>detection_confidence</c> (the raw network score,
/// above 0 at the default threshold; not a probability). They are square and, on average, about 5% smaller than HOG's
/// boxes on the same face and centred a little higher and to the left; face_recognition hands them to dlib's shape
/// predictors unchanged (<see cref="Landmarks.DlibBoxMapping.Identity"/>), and
/// <see cref="Landmarks.DlibBoxMapping.FromCnn"/> maps them to HOG-like boxes, the boxes dlib's 68-point model was
/// trained on.</para>
/// <para>The model (<c>models/mmod_human_face_detector.onnx</c>, Davis E. King, CC0) is dlib's, exported by
/// FaceMetric.ModelExport; the network's arithmetic is ONNX Runtime's, so scores differ from dlib's by float rounding
/// (within 1e-3; the parity tests compare every box and score with dlib's own).</para>
/// <para>Thread-safe: concurrent <see cref="Detect"/> calls share one ONNX Runtime session. Cost grows with the tiled
/// image, about 3.6 times the photo's pixels, times 4 per upsampling step.</para>
/// </remarks>
public sealed class CnnFaceDetector : IFaceDetector
{
    /// <summary>The file name of the shipped detector model.</summary>
    public const string DefaultModelFileName = "mmod_human_face_detector.onnx";

    private const string InputName = "input";
    private const string ScoresName = "scores";

    private readonly InferenceSession _session;
    private readonly MmodSettings _settings;
    private readonly CnnDetectorOptions _options;
    private int _disposed;

    /// <summary>Loads the detector model.</summary>
    /// <param name="options">Settings; null for the defaults and the shipped model.</param>
    /// <exception cref="FaceModelException">The model file is missing, corrupt, or not an MMOD detector exported by FaceMetric.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">The requested execution provider is not available.</exception>
    public CnnFaceDetector(CnnDetectorOptions? options = null)
    {
        options ??= new CnnDetectorOptions();
        ArgumentNullException.ThrowIfNull(options.Inference, nameof(options.Inference));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Upsample, nameof(options.Upsample));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Upsample, CnnDetectorOptions.MaxUpsample, nameof(options.Upsample));
        if (!double.IsFinite(options.AdjustThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AdjustThreshold, "AdjustThreshold must be finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxScannedPixels, 1, nameof(options.MaxScannedPixels));
        _options = options;
        ModelPath = ModelFiles.Resolve(options.ModelPath, options.ModelDirectory, DefaultModelFileName);
        _session = SessionFactory.Open(ModelPath, options.Inference);
        try
        {
            _settings = MmodMetadata.Parse(_session.ModelMetadata.CustomMetadataMap, ModelPath);
            SessionFactory.Expect(_session, ModelPath, input: true, InputName, 3, -1, -1);
            SessionFactory.Expect(_session, ModelPath, input: false, ScoresName, _settings.Windows.Count, -1, -1);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The model file in use.</summary>
    public string ModelPath { get; }

    /// <inheritdoc />
    /// <remarks>Images too small for the network (a tiled pyramid under 29 pixels on a side, such as a 1 x 1 photo)
    /// have no face: the result is empty.</remarks>
    /// <exception cref="ArgumentException">The tiled pyramid of the upsampled image would exceed
    /// <see cref="CnnDetectorOptions.MaxScannedPixels"/>.</exception>
    /// <exception cref="FaceModelException">ONNX Runtime fails to run the model.</exception>
    public IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var (width, height) = UpsampledSize(image.Width, image.Height, _options.Upsample);
        TiledPyramid layout = TiledPyramid.Layout(width, height, _settings.PyramidPadding, _settings.PyramidOuterPadding);
        long tiled = (long)layout.Rows * layout.Cols;
        if (tiled > _options.MaxScannedPixels)
        {
            throw new ArgumentException(
                $"A {image.Width}x{image.Height} image upsampled {_options.Upsample} time(s) makes a {layout.Cols}x{layout.Rows} tiled pyramid " +
                $"({tiled / 1e6:F0} megapixels), over the detector's limit of {_options.MaxScannedPixels / 1e6:F0}; lower Upsample or downscale the photo.",
                nameof(image));
        }

        if (layout.Rows < _settings.MinInputSize || layout.Cols < _settings.MinInputSize)
        {
            return [];
        }

        RgbRaster raster = HogFaceDetector.ToRaster(image);
        for (int u = 0; u < _options.Upsample; u++)
        {
            raster = DlibBilinearResize.PyramidUp(raster);
        }

        var (scores, outRows, outCols) = Run(raster, layout);
        List<(PixelRect Rect, float Score)> found = MmodDecoder.Decode(scores, outRows, outCols, layout, _settings, _options.AdjustThreshold);
        var result = new DetectedFace[found.Count];
        for (int i = 0; i < found.Count; i++)
        {
            PixelRect r = HogFaceDetector.RectDown2(found[i].Rect, _options.Upsample);
            result[i] = new DetectedFace(r.Left, r.Top, r.Right - r.Left + 1, r.Bottom - r.Top + 1, found[i].Score);
        }

        return result;
    }

    /// <summary>Releases the ONNX Runtime session. Calls made afterwards throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    /// <summary>The size of an image after <paramref name="times"/> dlib <c>pyramid_up</c> steps.</summary>
    internal static (int Width, int Height) UpsampledSize(int width, int height, int times)
    {
        long w = width, h = height;
        for (int i = 0; i < times && w > 0 && h > 0; i++)
        {
            // pyramid_down<2>::rect_up of the image rectangle, as DlibBilinearResize.PyramidUp sizes it.
            w = (long)Math.Floor((((w - 1) + 1.25) * 2) + 0.5) + 1;
            h = (long)Math.Floor((((h - 1) + 0.75) * 2) + 0.5) + 1;
        }

        return w > int.MaxValue / 4 || h > int.MaxValue / 4
            ? throw new ArgumentException($"A {width}x{height} image upsampled {times} time(s) is too large.", nameof(width))
            : ((int)w, (int)h);
    }

    /// <summary>Builds the tiled pyramid tensor and runs the network: the scores [windows, rows, cols].</summary>
    internal (float[] Scores, int Rows, int Cols) Run(RgbRaster raster, TiledPyramid layout)
    {
        var input = new float[3L * layout.Rows * layout.Cols];
        layout.Fill(raster, _settings.Means, input);
        try
        {
            using var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(), [1, 3, layout.Rows, layout.Cols]);
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, [InputName], [inValue], [ScoresName]);
            OrtValue scores = outputs[0];
            long[] shape = scores.GetTensorTypeAndShape().Shape;
            if (shape.Length != 4 || shape[0] != 1 || shape[1] != _settings.Windows.Count)
            {
                throw new FaceModelException(ModelPath, $"its output has shape [{string.Join(",", shape)}]; expected [1,{_settings.Windows.Count},h,w].");
            }

            return (scores.GetTensorDataAsSpan<float>().ToArray(), (int)shape[2], (int)shape[3]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new FaceModelException(ModelPath, "ONNX Runtime cannot run it: " + e.Message, e);
        }
    }
}
