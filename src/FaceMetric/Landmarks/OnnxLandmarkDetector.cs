using FaceMetric.Geometry;
using System.Buffers;
using System.Numerics;
using FaceMetric.Detection;
using FaceMetric.Onnx;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Landmarks;

/// <summary>
/// face-api.js's 68-point landmark net (FaceLandmark68Net) run by ONNX Runtime, with face-api's crop and rescaling.
/// </summary>
/// <remarks>
/// <para>Owns one <see cref="InferenceSession"/>, created once in the constructor. Thread-safe: any number of threads
/// may call the detection methods concurrently. Create one instance and reuse it; dispose it when no call is in
/// flight any more.</para>
/// <para>Per face (face-api's <c>detectAllFaces(...).withFaceLandmarks()</c>): the detection box is clipped to the
/// image and floored to whole pixels, the crop is zero-padded to a centred square and resized to 112 x 112 by TF's
/// legacy bilinear resize, the network (which normalises (x - mean) / 255 itself) gives 68 points in units of that
/// square, and they are mapped back to image pixels with face-api's arithmetic. Points are in dlib's iBUG 68 order.
/// All faces of a call go through the network in batches of at most <see cref="LandmarkDetectorOptions.MaxBatchSize"/>.</para>
/// </remarks>
public sealed class OnnxLandmarkDetector : ILandmarkDetector
{
    /// <summary>The file name of the shipped 68-point landmark model.</summary>
    public const string DefaultModelFileName = "face_landmark_68.onnx";

    /// <summary>The side of the network's square input: 112 pixels.</summary>
    public const int InputSize = 112;

    private const int FaceFloats = 3 * InputSize * InputSize;
    private const int OutputFloats = 2 * FaceLandmarks.Ibug68Count;
    private const string InputName = "input";
    private const string OutputName = "landmarks";

    private static readonly string[] InputNames = [InputName];
    private static readonly string[] OutputNames = [OutputName];

    private readonly InferenceSession _session;
    private readonly int _maxBatch;
    private readonly InFlightGate _gate;

    /// <summary>Loads the landmark model.</summary>
    /// <param name="options">Settings; null for the defaults (shipped model, ONNX Runtime's thread choice).</param>
    /// <exception cref="FaceModelException">The model file is missing, corrupt, or has other inputs/outputs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public OnnxLandmarkDetector(LandmarkDetectorOptions? options = null)
    {
        options ??= new LandmarkDetectorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options.MaxBatchSize));
        _maxBatch = options.MaxBatchSize;
        ModelPath = options.Model.ResolvePath(DefaultModelFileName);
        Inference = options.Model.ResolvedInference;
        _session = SessionFactory.Open(ModelPath, Inference, boundedInputs: true);
        _gate = new InFlightGate(this, _session.Dispose);
        try
        {
            SessionFactory.Expect(_session, ModelPath, input: true, InputName, 3, InputSize, InputSize);
            SessionFactory.Expect(_session, ModelPath, input: false, OutputName, OutputFloats);
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

    /// <inheritdoc />
    public IReadOnlyList<FaceLandmarks> Detect(Image<Rgb24> image, IReadOnlyList<DetectedFace> faces)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(faces);
        using InFlightGate.Lease lease = _gate.Enter();
        if (faces.Count == 0)
        {
            return [];
        }

        var crops = new PixelBox[faces.Count];
        for (int i = 0; i < faces.Count; i++)
        {
            crops[i] = LandmarkCrop.From(faces[i], image.Width, image.Height)
                ?? throw new ArgumentException(
                    $"Face {i} (box {faces[i].X}, {faces[i].Y}, {faces[i].Width} x {faces[i].Height}) has no whole pixel inside the {image.Width}x{image.Height} image.",
                    nameof(faces));
        }

        var result = new FaceLandmarks[faces.Count];
        int chunk = Math.Min(faces.Count, _maxBatch);
        float[] input = ArrayPool<float>.Shared.Rent(chunk * FaceFloats);
        float[] output = ArrayPool<float>.Shared.Rent(chunk * OutputFloats);
        try
        {
            for (int start = 0; start < faces.Count; start += chunk)
            {
                int n = Math.Min(chunk, faces.Count - start);
                for (int i = 0; i < n; i++)
                {
                    SquareWindow window = SquareWindow.PadCentred(crops[start + i]);
                    LegacyBilinearResize.ToPlanar(image, window, InputSize, input.AsMemory(i * FaceFloats, FaceFloats));
                }

                using (var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, n * FaceFloats), [n, 3, InputSize, InputSize]))
                using (var outValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(0, n * OutputFloats), [n, OutputFloats]))
                using (var runOptions = new RunOptions())
                {
                    _session.Run(runOptions, InputNames, [inValue], OutputNames, [outValue]);
                }

                for (int i = 0; i < n; i++)
                {
                    result[start + i] = ToLandmarks(output.AsSpan(i * OutputFloats, OutputFloats), crops[start + i], faces[start + i]);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(output);
        }

        return result;
    }

    /// <inheritdoc />
    public FaceLandmarks Detect(Image<Rgb24> image, DetectedFace face) => Detect(image, [face])[0];

    /// <summary>Releases the ONNX Runtime session. Calls made afterwards throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _gate.Close();

    private static FaceLandmarks ToLandmarks(ReadOnlySpan<float> output, PixelBox crop, DetectedFace face)
    {
        var points = new Vector2[FaceLandmarks.Ibug68Count];
        for (int p = 0; p < points.Length; p++)
        {
            var (x, y) = LandmarkCrop.ToImage(output[2 * p], output[(2 * p) + 1], crop, face, InputSize);
            points[p] = new Vector2((float)x, (float)y);
        }

        return new FaceLandmarks(points);
    }
}
