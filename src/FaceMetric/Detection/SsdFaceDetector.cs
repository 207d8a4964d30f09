using FaceMetric.Geometry;
using System.Buffers;
using FaceMetric.Onnx;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Detection;

/// <summary>
/// face-api.js's SSD MobileNet v1 face detector run by ONNX Runtime, with face-api's exact pre- and post-processing.
/// </summary>
/// <remarks>
/// <para>Owns one <see cref="InferenceSession"/>, created once in the constructor. Thread-safe: any number of threads
/// may call <see cref="Detect"/> concurrently. Create one instance and reuse it; dispose it when no call is in flight
/// any more.</para>
/// <para>Pipeline (face-api's <c>SsdMobilenetv1.locateFaces</c>): the photo is zero-padded at the bottom/right to a
/// square of side max(W, H) and resized to 512 x 512 by TF's legacy bilinear resize; the network (which normalises
/// x / 127.5 - 1 itself) gives per-anchor box encodings and class logits; boxes are decoded against the 5118 anchors,
/// score = sigmoid(face logit); boxes with score &gt; <see cref="SsdDetectorOptions.MinScore"/> go through greedy
/// NMS (IoU &gt; <see cref="SsdDetectorOptions.IouThreshold"/> suppresses, at most
/// <see cref="SsdDetectorOptions.MaxResults"/>); the kept boxes are clipped to the padded square's [0, 1] range and
/// mapped back with face-api's rounding (s = 512 / max(W, H), scale by 512 / round(W * s) and 512 / round(H * s)),
/// so they can reach a fraction of a pixel past the right/bottom edge as face-api's do.</para>
/// <para>With <see cref="SsdDetectorOptions.Upsample"/> &gt; 0 the photo is also searched tile by tile at higher
/// resolution (see that option); the faces of the whole-photo pass are returned unchanged, finer levels only add faces
/// the coarser ones missed.</para>
/// </remarks>
public sealed class SsdFaceDetector : IFaceDetector
{
    /// <summary>The file name of the shipped detector model.</summary>
    public const string DefaultModelFileName = "ssd_mobilenetv1_face.onnx";

    /// <summary>The side of the network's square input: 512 pixels.</summary>
    public const int InputSize = 512;

    private const int AnchorCount = 5118;
    private const int ImageFloats = 3 * InputSize * InputSize;
    private const string InputName = "input";
    private const string EncodingsName = "box_encodings";
    private const string LogitsName = "class_logits";
    private const string AnchorsName = "anchors";

    private static readonly string[] InputNames = [InputName];
    private static readonly string[] OutputNames = [EncodingsName, LogitsName];

    private readonly InferenceSession _session;
    private readonly float[] _anchors;
    private readonly SsdDetectorOptions _options;
    private readonly InFlightGate _gate;

    /// <summary>The settings it was created with.</summary>
    internal SsdDetectorOptions Options => _options;

    /// <summary>Loads the detector model.</summary>
    /// <param name="options">Settings; null for face-api's defaults and the shipped model.</param>
    /// <exception cref="FaceModelException">The model file is missing, corrupt, or has other inputs/outputs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SsdFaceDetector(SsdDetectorOptions? options = null)
    {
        options ??= new SsdDetectorOptions();
        if (!(options.MinScore >= 0f && options.MinScore < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinScore, "MinScore must be in [0, 1).");
        }

        if (!(options.IouThreshold > 0f && options.IouThreshold <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.IouThreshold, "IouThreshold must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxResults, 1, nameof(options.MaxResults));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options.MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Upsample, nameof(options.Upsample));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Upsample, SsdDetectorOptions.MaxUpsample, nameof(options.Upsample));
        _options = options;
        ModelPath = options.Model.ResolvePath(DefaultModelFileName);
        Inference = options.Model.ResolvedInference;
        _session = SessionFactory.Open(ModelPath, Inference, boundedInputs: true);
        _gate = new InFlightGate(this, _session.Dispose);
        try
        {
            SessionFactory.Expect(_session, ModelPath, input: true, InputName, 3, InputSize, InputSize);
            SessionFactory.Expect(_session, ModelPath, input: false, EncodingsName, AnchorCount, 4);
            SessionFactory.Expect(_session, ModelPath, input: false, LogitsName, AnchorCount, 3);
            SessionFactory.Expect(_session, ModelPath, input: false, AnchorsName, 4);
            _anchors = ReadAnchors();
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

    /// <summary>The model's 5118 anchors, (ymin, xmin, ymax, xmax) each, in units of the 512 square.</summary>
    internal ReadOnlySpan<float> Anchors => _anchors;

    /// <inheritdoc />
    public IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using InFlightGate.Lease lease = _gate.Enter();
        int w = image.Width, h = image.Height;

        var windows = new List<SquareWindow> { SquareWindow.PadBottomRight(new PixelBox(0, 0, w, h)) };
        var levelOf = new List<int> { 0 };
        for (int level = 1; level <= _options.Upsample; level++)
        {
            List<SquareWindow> tiles = DetectionTiling.Tiles(w, h, level);
            windows.AddRange(tiles);
            levelOf.AddRange(Enumerable.Repeat(level, tiles.Count));
        }

        List<SsdCandidate>[] perWindow = RunWindows(image, windows);

        var faces = new List<DetectedFace>();
        foreach (SsdCandidate c in perWindow[0])
        {
            faces.Add(ToImage(c, w, h));
        }

        for (int level = 1; level <= _options.Upsample; level++)
        {
            var finer = new List<DetectedFace>();
            for (int i = 0; i < windows.Count; i++)
            {
                if (levelOf[i] != level)
                {
                    continue;
                }

                foreach (SsdCandidate c in perWindow[i])
                {
                    if (DetectionTiling.FromTile(c, windows[i], w, h) is DetectedFace f)
                    {
                        finer.Add(f);
                    }
                }
            }

            DetectionTiling.MergeInto(faces, finer);
        }

        if (_options.Upsample > 0)
        {
            faces = faces.OrderByDescending(f => f.Score).Take(_options.MaxResults).ToList();
        }

        return faces;
    }

    /// <summary>Releases the ONNX Runtime session. Calls made afterwards throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _gate.Close();

    /// <summary>face-api's mapping of a kept box from the padded 512 square back to image pixels.</summary>
    internal static DetectedFace ToImage(in SsdCandidate c, int width, int height)
    {
        double s = (double)InputSize / Math.Max(width, height);
        double reshapedWidth = DlibRounding.RoundToDouble(width * s);
        double reshapedHeight = DlibRounding.RoundToDouble(height * s);
        double padX = InputSize / reshapedWidth, padY = InputSize / reshapedHeight;
        double top = Math.Max(0.0, c.YMin) * padY;
        double bottom = Math.Min(1.0, c.YMax) * padY;
        double left = Math.Max(0.0, c.XMin) * padX;
        double right = Math.Min(1.0, c.XMax) * padX;
        return new DetectedFace(
            (float)(left * width),
            (float)(top * height),
            (float)Math.Max(0.0, (right - left) * width),
            (float)Math.Max(0.0, (bottom - top) * height),
            c.Score);
    }

    /// <summary>Runs the network on every window (batched) and returns each window's candidates after NMS.</summary>
    private List<SsdCandidate>[] RunWindows(Image<Rgb24> image, List<SquareWindow> windows)
    {
        var result = new List<SsdCandidate>[windows.Count];
        int chunk = Math.Min(windows.Count, _options.MaxBatchSize);
        float[] input = ArrayPool<float>.Shared.Rent(chunk * ImageFloats);
        float[] encodings = ArrayPool<float>.Shared.Rent(chunk * AnchorCount * 4);
        float[] logits = ArrayPool<float>.Shared.Rent(chunk * AnchorCount * 3);
        try
        {
            for (int start = 0; start < windows.Count; start += chunk)
            {
                int n = Math.Min(chunk, windows.Count - start);
                for (int i = 0; i < n; i++)
                {
                    LegacyBilinearResize.ToPlanar(image, windows[start + i], InputSize, input.AsMemory(i * ImageFloats, ImageFloats));
                }

                using (var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, n * ImageFloats), [n, 3, InputSize, InputSize]))
                using (var encValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, encodings.AsMemory(0, n * AnchorCount * 4), [n, AnchorCount, 4]))
                using (var logitValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, logits.AsMemory(0, n * AnchorCount * 3), [n, AnchorCount, 3]))
                using (var runOptions = new RunOptions())
                {
                    _session.Run(runOptions, InputNames, [inValue], OutputNames, [encValue, logitValue]);
                }

                for (int i = 0; i < n; i++)
                {
                    List<SsdCandidate> candidates = SsdPostProcessing.Decode(
                        encodings.AsSpan(i * AnchorCount * 4, AnchorCount * 4),
                        logits.AsSpan(i * AnchorCount * 3, AnchorCount * 3),
                        _anchors,
                        _options.MinScore);
                    result[start + i] = SsdPostProcessing.NonMaxSuppression(candidates, _options.IouThreshold, _options.MaxResults);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(encodings);
            ArrayPool<float>.Shared.Return(logits);
        }

        return result;
    }

    /// <summary>Reads the constant anchors output (it does not depend on the input, which is fed as zeros).</summary>
    private float[] ReadAnchors()
    {
        var anchors = new float[AnchorCount * 4];
        var zeros = new float[ImageFloats];
        try
        {
            using var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, zeros.AsMemory(), [1, 3, InputSize, InputSize]);
            using var anchorValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, anchors.AsMemory(), [AnchorCount, 4]);
            using var runOptions = new RunOptions();
            _session.Run(runOptions, InputNames, [inValue], [AnchorsName], [anchorValue]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new FaceModelException(ModelPath, "ONNX Runtime cannot run it: " + e.Message, e);
        }

        for (int i = 0; i < AnchorCount; i++)
        {
            if (!(anchors[(i * 4) + 2] > anchors[i * 4] && anchors[(i * 4) + 3] > anchors[(i * 4) + 1]))
            {
                throw new FaceModelException(ModelPath, $"anchor {i} is empty or not finite (not the detector FaceMetric expects).");
            }
        }

        return anchors;
    }
}
