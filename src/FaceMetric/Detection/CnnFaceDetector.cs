using FaceMetric.Geometry;
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
/// predictors unchanged, as <see cref="FacePipelineFactory"/> does; a measured CNN-to-HOG box mapping (internal
/// <c>DlibBoxMapping.FromCnn</c>) documents the difference.</para>
/// <para>The model (<c>models/mmod_human_face_detector.onnx</c>, Davis E. King, CC0) is dlib's, exported by
/// FaceMetric.ModelExport; the network's arithmetic is ONNX Runtime's, so scores differ from dlib's by float rounding
/// (within 1e-3; the parity tests compare every box and score with dlib's own).</para>
/// <para>Thread-safe: concurrent <see cref="Detect(Image{Rgb24})"/> calls share one ONNX Runtime session. Cost grows with the tiled
/// image, about 3.6 times the photo's pixels, times 4 per upsampling step; a tiled image over a megapixel is run through
/// the network in bands of rows, with the same scores and a bounded working set.</para>
/// </remarks>
public sealed class CnnFaceDetector : IFaceDetector, IScanFittingDetector
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
        ArgumentNullException.ThrowIfNull(options.Model, nameof(options.Model));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Upsample, nameof(options.Upsample));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Upsample, CnnDetectorOptions.MaxUpsample, nameof(options.Upsample));
        if (!double.IsFinite(options.AdjustThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AdjustThreshold, "AdjustThreshold must be finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxScannedPixels, 1, nameof(options.MaxScannedPixels));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options.MaxBatchSize));
        _options = options;
        ModelPath = options.Model.ResolvePath(DefaultModelFileName);
        Inference = options.Model.ResolvedInference;
        // Runs are bounded (a large tiled image is cut into bands of about MaxPixelsPerRun), so the session keeps its
        // activation buffers between runs and bands.
        _session = SessionFactory.Open(ModelPath, Inference, boundedInputs: true);
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

    /// <summary>The full path of the model file in use.</summary>
    public string ModelPath { get; }

    /// <summary>The ONNX Runtime settings its session was opened with (after inheritance).</summary>
    internal InferenceOptions Inference { get; }

    /// <summary>The network's input and loss settings, from the model's metadata.</summary>
    internal MmodSettings Settings => _settings;

    /// <inheritdoc />
    /// <remarks>Images too small for the network (a tiled pyramid under 29 pixels on a side, such as a 1 x 1 photo)
    /// have no face: the result is empty.</remarks>
    /// <exception cref="ScanTooLargeException">The tiled pyramid of the upsampled image would exceed
    /// <see cref="CnnDetectorOptions.MaxScannedPixels"/>.</exception>
    /// <exception cref="FaceModelException">ONNX Runtime fails to run the model.</exception>
    public IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Detect([image])[0];
    }

    /// <inheritdoc />
    IReadOnlyList<DetectedFace> IScanFittingDetector.DetectFitted(Image<Rgb24> image, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ScanFit.Detect(image, _options.Upsample, (w, h, u) => TiledPixels(w, h, u) <= MaxTiledPixels, (photo, u) => DetectCore([photo], u)[0]);
    }

    /// <summary>
    /// Detects the faces in several photos. Photos of the same size (video frames, say) share ONNX Runtime runs, up to
    /// <see cref="CnnDetectorOptions.MaxBatchSize"/> at a time and <see cref="CnnDetectorOptions.MaxScannedPixels"/>
    /// tiled pixels per run; the result for each photo is the same as <see cref="Detect(Image{Rgb24})"/> gives.
    /// </summary>
    /// <param name="images">The photos; each is only read.</param>
    /// <returns>One list per photo, in order, highest score first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> or one of its photos is null.</exception>
    /// <exception cref="ScanTooLargeException">A photo's tiled pyramid would exceed <see cref="CnnDetectorOptions.MaxScannedPixels"/>
    /// (checked for every photo before any work).</exception>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    /// <exception cref="FaceModelException">ONNX Runtime fails to run the model.</exception>
    public IReadOnlyList<IReadOnlyList<DetectedFace>> Detect(IReadOnlyList<Image<Rgb24>> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return DetectCore(images, _options.Upsample);
    }

    /// <summary>The largest tiled pyramid a run takes: the option, and what one photo's float input can hold.</summary>
    private long MaxTiledPixels => Math.Min(_options.MaxScannedPixels, Array.MaxLength / 3);

    private long TiledPixels(int width, int height, int upsample)
    {
        var (w, h) = UpsampledSize(width, height, upsample);
        TiledPyramid layout = TiledPyramid.Layout(w, h, _settings.PyramidPadding, _settings.PyramidOuterPadding);
        return (long)layout.Rows * layout.Cols;
    }

    private IReadOnlyList<IReadOnlyList<DetectedFace>> DetectCore(IReadOnlyList<Image<Rgb24>> images, int upsample)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var layouts = new TiledPyramid[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            Image<Rgb24> image = images[i] ?? throw new ArgumentNullException(nameof(images), $"Photo {i} is null.");
            var (width, height) = UpsampledSize(image.Width, image.Height, upsample);
            layouts[i] = TiledPyramid.Layout(width, height, _settings.PyramidPadding, _settings.PyramidOuterPadding);
            long tiled = (long)layouts[i].Rows * layouts[i].Cols;
            if (tiled > MaxTiledPixels)
            {
                throw new ScanTooLargeException(
                    $"A {image.Width}x{image.Height} image upsampled {upsample} time(s) makes a {layouts[i].Cols}x{layouts[i].Rows} tiled pyramid " +
                    $"({tiled / 1e6:F0} megapixels), over the CNN detector's limit of {_options.MaxScannedPixels / 1e6:F0}; lower Upsample or downscale the photo.",
                    nameof(images));
            }
        }

        var results = new IReadOnlyList<DetectedFace>[images.Count];
        foreach (var group in Enumerable.Range(0, images.Count).GroupBy(i => (images[i].Width, images[i].Height)))
        {
            int[] members = [.. group];
            TiledPyramid layout = layouts[members[0]];
            if (layout.Rows < _settings.MinInputSize || layout.Cols < _settings.MinInputSize)
            {
                foreach (int i in members)
                {
                    results[i] = [];
                }

                continue;
            }

            long tiled = (long)layout.Rows * layout.Cols;
            int perRun = (int)Math.Clamp(MaxTiledPixels / tiled, 1, _options.MaxBatchSize);
            foreach (int[] chunk in members.Chunk(perRun))
            {
                var rasters = new RgbRaster[chunk.Length];
                for (int j = 0; j < chunk.Length; j++)
                {
                    rasters[j] = HogFaceDetector.ToRaster(images[chunk[j]]);
                    for (int u = 0; u < upsample; u++)
                    {
                        rasters[j] = DlibBilinearResize.PyramidUp(rasters[j]);
                    }
                }

                var (scores, outRows, outCols) = Run(rasters, layout);
                int perImage = _settings.Windows.Count * outRows * outCols;
                for (int j = 0; j < chunk.Length; j++)
                {
                    results[chunk[j]] = ToFaces(MmodDecoder.Decode(
                        scores.AsSpan(j * perImage, perImage), outRows, outCols, layout, _settings, _options.AdjustThreshold), upsample);
                }
            }
        }

        return results;
    }

    /// <summary>Releases the ONNX Runtime session. Calls made afterwards throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    private static DetectedFace[] ToFaces(List<(PixelRect Rect, float Score)> found, int upsample)
    {
        var result = new DetectedFace[found.Count];
        for (int i = 0; i < found.Count; i++)
        {
            PixelRect r = HogFaceDetector.RectDown2(found[i].Rect, upsample);
            result[i] = new DetectedFace(r.Left, r.Top, r.Right - r.Left + 1, r.Bottom - r.Top + 1, found[i].Score);
        }

        return result;
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

    /// <summary>Builds the tiled pyramid tensor of one image and runs the network: the scores [windows, rows, cols].</summary>
    internal (float[] Scores, int Rows, int Cols) Run(RgbRaster raster, TiledPyramid layout) => Run([raster], layout);

    /// <summary>
    /// Runs the network on the tiled pyramids of same-size images in one batch: the scores [images, windows, rows, cols].
    /// A tiled image over <see cref="MaxPixelsPerRun"/> is run in bands of rows (<see cref="MmodBands"/>), with the same
    /// scores.
    /// </summary>
    internal (float[] Scores, int Rows, int Cols) Run(IReadOnlyList<RgbRaster> rasters, TiledPyramid layout)
    {
        int n = rasters.Count;
        var pyramids = new TiledPyramidRows[n];
        for (int j = 0; j < n; j++)
        {
            pyramids[j] = new TiledPyramidRows(layout, rasters[j], _settings.Means);
        }

        // Each band's rows of every image, written straight into the band's tensor, then its kept output rows into place.
        IReadOnlyList<MmodBand> bands = MmodBands.Plan(layout.Rows, layout.Cols, _settings, MaxPixelsPerRun / n);
        int windows = _settings.Windows.Count, outputRows = bands[^1].OutputTop + bands[^1].KeepFrom + bands[^1].KeepRows;
        float[]? scores = null;
        int outputCols = 0;
        float[] band = new float[n * 3L * bands.Max(b => b.InputRows) * layout.Cols];
        foreach (MmodBand b in bands)
        {
            int imagePlanes = 3 * b.InputRows * layout.Cols;
            for (int j = 0; j < n; j++)
            {
                pyramids[j].Write(b.InputTop, b.InputRows, band.AsSpan(j * imagePlanes, imagePlanes));
            }

            var (part, rows, cols) = RunTensor(band.AsMemory(0, n * imagePlanes), n, b.InputRows, layout.Cols);
            if (bands.Count == 1)
            {
                return (part, rows, cols);
            }

            if (rows < b.KeepFrom + b.KeepRows || (scores is not null && cols != outputCols))
            {
                throw new FaceModelException(ModelPath, $"a band of {b.InputRows} rows gave {rows}x{cols} outputs; expected {b.KeepFrom + b.KeepRows} rows or more.");
            }

            outputCols = cols;
            scores ??= new float[(long)n * windows * outputRows * cols];
            for (int k = 0; k < n * windows; k++)
            {
                part.AsSpan(((k * rows) + b.KeepFrom) * cols, b.KeepRows * cols)
                    .CopyTo(scores.AsSpan(((k * outputRows) + b.OutputTop + b.KeepFrom) * cols));
            }
        }

        return (scores!, outputRows, outputCols);
    }

    /// <summary>
    /// The most input pixels (over the batch) one network run reads before the tiled image is cut into bands: 1
    /// megapixel. dogs.jpg (900 x 916) upsampled once tiles into 12.1 megapixels; run whole it took 2.3 s and 0.86 GB
    /// peak (each run's activations faulted in afresh), in bands of 1 megapixel with the arena 1.6 s and 0.64 GB (2 cores,
    /// 2026-12-05). Bands of 2 megapixels: 14% less time on one thread (less context read twice), none on two, and 90 MB
    /// more at the peak. Tests lower it to cut small images.
    /// </summary>
    internal long MaxPixelsPerRun { get; set; } = 1_000_000;

    /// <summary>One network run over an [images, 3, rows, cols] tensor: the scores [images, windows, out rows, out cols].</summary>
    private (float[] Scores, int Rows, int Cols) RunTensor(Memory<float> input, int n, int rows, int cols)
    {
        try
        {
            using var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, [n, 3, rows, cols]);
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, [InputName], [inValue], [ScoresName]);
            OrtValue scores = outputs[0];
            long[] shape = scores.GetTensorTypeAndShape().Shape;
            if (shape.Length != 4 || shape[0] != n || shape[1] != _settings.Windows.Count)
            {
                throw new FaceModelException(ModelPath, $"its output has shape [{string.Join(",", shape)}]; expected [{n},{_settings.Windows.Count},h,w].");
            }

            return (scores.GetTensorDataAsSpan<float>().ToArray(), (int)shape[2], (int)shape[3]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new FaceModelException(ModelPath, "ONNX Runtime cannot run it: " + e.Message, e);
        }
    }
}
