using System.Buffers;
using FaceMetric.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using FaceMetric.Numerics;
using Microsoft.ML.OnnxRuntime;
using System.Numerics.Tensors;

namespace FaceMetric.Embedding;

/// <summary>
/// dlib's face recognition ResNet-29 run by ONNX Runtime: aligned 150x150 RGB chips in, 128-d descriptors out.
/// </summary>
/// <remarks>
/// <para>Owns one <see cref="InferenceSession"/>, created once in the constructor. Thread-safe: any number of
/// threads may call the embedding methods concurrently. Create one instance and reuse it; dispose it when no call
/// is in flight any more.</para>
/// <para>The model takes raw pixel values; dlib's normalisation <c>(v - mean) / 256</c> is part of the graph.
/// Descriptors are not L2-normalised, as in dlib. Every overload (single chip, batch, ImageSharp images) reaches
/// the same batched core; batches larger than <see cref="FaceEmbedderOptions.MaxBatchSize"/> are split.</para>
/// </remarks>
public sealed class OnnxFaceEmbedder : IFaceEmbedder
{
    /// <summary>The chip side dlib's network expects: 150 pixels.</summary>
    public const int DefaultChipSize = 150;

    /// <summary>The chip padding dlib's network was trained with: 0.25 (<c>get_face_chip_details(shape, 150, 0.25)</c>).</summary>
    public const double DefaultChipPadding = 0.25;

    /// <summary>Length of the pooled feature vector that feeds the last (fc) layer: 256.</summary>
    public const int FeatureLength = 256;

    private const string InputName = "input";
    private const string DescriptorName = "descriptor";
    private const string FeaturesName = "features";
    private const int PlaneSize = DefaultChipSize * DefaultChipSize;
    private const int ChipBytes = PlaneSize * 3;

    private static readonly string[] InputNames = [InputName];
    private static readonly string[] OutputNames = [DescriptorName, FeaturesName];

    private readonly InferenceSession _session;
    private readonly int _maxBatch;
    private readonly ILogger _logger;
    private readonly int _copies;
    private readonly bool _jitter;
    private readonly string? _jitterSeed;
    private readonly InFlightGate _gate;

    /// <summary>Loads the recognition model.</summary>
    /// <param name="options">Settings; null for the defaults (shipped model, ONNX Runtime's thread choice).</param>
    /// <param name="logger">Optional: receives the model load (path, time, execution provider) and per-batch timings at Debug level.</param>
    /// <exception cref="FaceModelException">The model file is missing, corrupt, or has other inputs/outputs.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">The requested execution provider cannot be used.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public OnnxFaceEmbedder(FaceEmbedderOptions? options = null, ILogger<OnnxFaceEmbedder>? logger = null)
    {
        options ??= new FaceEmbedderOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options.MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.JitterCount, 0, nameof(options.JitterCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.JitterCount, 1000, nameof(options.JitterCount));
        _maxBatch = options.MaxBatchSize;
        _jitter = options.JitterCount > 0;
        AveragesWithMirror = !_jitter && options.AverageWithMirror == true;
        JitterCount = options.JitterCount;
        _copies = _jitter ? options.JitterCount : AveragesWithMirror ? 2 : 1;
        _jitterSeed = options.JitterSeed;
        ModelPath = options.Model.ResolvePath(ModelFiles.Recognition);
        Inference = options.Model.ResolvedInference;
        _session = SessionFactory.Open(ModelPath, Inference, boundedInputs: true);
        _gate = new InFlightGate(this, _session.Dispose);
        try
        {
            SessionFactory.Expect(_session, ModelPath, input: true, InputName, 3, DefaultChipSize, DefaultChipSize);
            SessionFactory.Expect(_session, ModelPath, input: false, DescriptorName, FaceDescriptor.Length);
            SessionFactory.Expect(_session, ModelPath, input: false, FeaturesName, FeatureLength);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        InferenceLog.ModelLoaded(_logger, ModelPath, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, Inference.ExecutionProvider, Inference.IntraOpThreads);
    }

    /// <summary>The full path of the model file in use.</summary>
    public string ModelPath { get; }

    /// <summary>The ONNX Runtime settings its session was opened with (after inheritance).</summary>
    internal InferenceOptions Inference { get; }

    /// <summary>Whether each descriptor is the mean of the chip's and its mirror image's (<see cref="FaceEmbedderOptions.AverageWithMirror"/>, resolved).</summary>
    public bool AveragesWithMirror { get; }

    /// <summary>The number of jittered copies averaged per descriptor; 0 when jitter is off.</summary>
    public int JitterCount { get; }

    /// <inheritdoc />
    public int ChipSize => DefaultChipSize;

    /// <inheritdoc />
    public double ChipPadding => DefaultChipPadding;

    /// <inheritdoc />
    public IReadOnlyList<FaceDescriptor> Embed(ReadOnlySpan<byte> rgbChips, int count)
    {
        var descriptors = new float[CheckBatch(rgbChips, count) * FaceDescriptor.Length];
        if (_copies == 1)
        {
            Run(rgbChips, count, descriptors, features: default);
        }
        else
        {
            EmbedAugmented(rgbChips, count, descriptors);
        }

        var result = new FaceDescriptor[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = new FaceDescriptor(descriptors.AsSpan(i * FaceDescriptor.Length, FaceDescriptor.Length));
        }

        return result;
    }

    /// <summary>
    /// Computes the 256-d pooled features (the input of the last, fully connected layer) of each chip; a trained
    /// projection (see the Metric folder) maps them to descriptors.
    /// </summary>
    /// <param name="rgbChips">Chips as in <see cref="Embed(ReadOnlySpan{byte}, int)"/>.</param>
    /// <param name="count">The number of chips, 1 or more.</param>
    /// <returns><paramref name="count"/> rows of 256 floats, row-major.</returns>
    /// <exception cref="ArgumentException">The count is below 1 or the span length does not match it.</exception>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    public float[] ExtractFeatures(ReadOnlySpan<byte> rgbChips, int count)
    {
        int n = CheckBatch(rgbChips, count);
        var descriptors = new float[n * FaceDescriptor.Length];
        var features = new float[n * FeatureLength];
        Run(rgbChips, count, descriptors, features);
        return features;
    }

    /// <summary>Releases the ONNX Runtime session. Calls made afterwards throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _gate.Close();

    private int CheckBatch(ReadOnlySpan<byte> rgbChips, int count)
    {
        ObjectDisposedException.ThrowIf(_gate.IsClosed, this);
        if (count < 1)
        {
            throw new ArgumentException($"At least one chip is required; the batch has {count}.", nameof(count));
        }

        if (rgbChips.Length != (long)count * ChipBytes)
        {
            throw new ArgumentException(
                $"Expected {count} aligned {DefaultChipSize}x{DefaultChipSize} RGB chip(s) = {(long)count * ChipBytes} bytes; got {rgbChips.Length} bytes.",
                nameof(rgbChips));
        }

        return count;
    }

    /// <summary>
    /// Test-time augmentation: each chip becomes <see cref="_copies"/> chips (itself and its mirror, or dlib's jittered
    /// copies with a generator seeded afresh per chip), all embedded through the batched core; the descriptor is their mean.
    /// Mirror pairs of several chips share one network call (up to the batch size); the network's output for a chip
    /// does not depend on its batch, so the grouping does not change a descriptor.
    /// </summary>
    private void EmbedAugmented(ReadOnlySpan<byte> rgbChips, int count, Span<float> descriptors)
    {
        int group = _jitter ? 1 : Math.Max(1, _maxBatch / _copies);
        byte[] copies = ArrayPool<byte>.Shared.Rent(group * _copies * ChipBytes);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(ChipBytes);
        float[] outputs = ArrayPool<float>.Shared.Rent(group * _copies * FaceDescriptor.Length);
        try
        {
            for (int first = 0; first < count; first += group)
            {
                int n = Math.Min(group, count - first);
                for (int i = 0; i < n; i++)
                {
                    ReadOnlySpan<byte> chip = rgbChips.Slice((first + i) * ChipBytes, ChipBytes);
                    Span<byte> mine = copies.AsSpan(i * _copies * ChipBytes, _copies * ChipBytes);
                    if (_jitter)
                    {
                        var random = new DlibRandom(_jitterSeed);
                        for (int c = 0; c < _copies; c++)
                        {
                            ChipAugmentation.Jitter(chip, DefaultChipSize, random, mine.Slice(c * ChipBytes, ChipBytes), scratch.AsSpan(0, ChipBytes));
                        }
                    }
                    else
                    {
                        chip.CopyTo(mine);
                        ChipAugmentation.Mirror(chip, DefaultChipSize, mine.Slice(ChipBytes, ChipBytes));
                    }
                }

                Run(copies.AsSpan(0, n * _copies * ChipBytes), n * _copies, outputs.AsSpan(0, n * _copies * FaceDescriptor.Length), features: default);
                for (int i = 0; i < n; i++)
                {
                    Span<float> all = outputs.AsSpan(i * _copies * FaceDescriptor.Length, _copies * FaceDescriptor.Length);
                    Span<float> mean = descriptors.Slice((first + i) * FaceDescriptor.Length, FaceDescriptor.Length);
                    all[..FaceDescriptor.Length].CopyTo(mean);
                    for (int c = 1; c < _copies; c++)
                    {
                        TensorPrimitives.Add(mean, all.Slice(c * FaceDescriptor.Length, FaceDescriptor.Length), mean);
                    }

                    TensorPrimitives.Multiply(mean, 1f / _copies, mean);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copies);
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<float>.Shared.Return(outputs);
        }
    }

    /// <summary>The one batched core every overload reaches.</summary>
    private void Run(ReadOnlySpan<byte> rgbChips, int count, Span<float> descriptors, Span<float> features)
    {
        using InFlightGate.Lease lease = _gate.Enter();
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        int chunk = Math.Min(count, _maxBatch);
        float[] input = ArrayPool<float>.Shared.Rent(chunk * ChipBytes);
        float[] descOut = ArrayPool<float>.Shared.Rent(chunk * FaceDescriptor.Length);
        float[] featOut = ArrayPool<float>.Shared.Rent(chunk * FeatureLength);
        try
        {
            for (int start = 0; start < count; start += chunk)
            {
                int n = Math.Min(chunk, count - start);
                for (int i = 0; i < n; i++)
                {
                    ToPlanar(rgbChips.Slice((start + i) * ChipBytes, ChipBytes), input.AsSpan(i * ChipBytes, ChipBytes));
                }

                using (var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, n * ChipBytes), [n, 3, DefaultChipSize, DefaultChipSize]))
                using (var descValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, descOut.AsMemory(0, n * FaceDescriptor.Length), [n, FaceDescriptor.Length]))
                using (var featValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, featOut.AsMemory(0, n * FeatureLength), [n, FeatureLength]))
                using (var runOptions = new RunOptions())
                {
                    _session.Run(runOptions, InputNames, [inValue], OutputNames, [descValue, featValue]);
                }

                descOut.AsSpan(0, n * FaceDescriptor.Length).CopyTo(descriptors.Slice(start * FaceDescriptor.Length));
                if (!features.IsEmpty)
                {
                    featOut.AsSpan(0, n * FeatureLength).CopyTo(features.Slice(start * FeatureLength));
                }
            }
        }
        finally
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                InferenceLog.Embedded(_logger, count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            ArrayPool<float>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(descOut);
            ArrayPool<float>.Shared.Return(featOut);
        }
    }

    /// <summary>Interleaved RGB bytes (HWC) to planar float (CHW), values kept as 0..255.</summary>
    private static void ToPlanar(ReadOnlySpan<byte> rgb, Span<float> planar)
    {
        Span<float> r = planar[..PlaneSize];
        Span<float> g = planar.Slice(PlaneSize, PlaneSize);
        Span<float> b = planar.Slice(2 * PlaneSize, PlaneSize);
        for (int p = 0, s = 0; p < PlaneSize; p++, s += 3)
        {
            r[p] = rgb[s];
            g[p] = rgb[s + 1];
            b[p] = rgb[s + 2];
        }
    }
}
