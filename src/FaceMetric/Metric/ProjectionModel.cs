using System.Globalization;
using FaceMetric.Embedding;
using Google.Protobuf;
using Onnx;

namespace FaceMetric.Metric;

/// <summary>
/// Reads and replaces the last layer (fc 256→128, no bias, <c>y = x·W</c>, W stored [256,128] row-major) of a
/// FaceMetric recognition model: the shipped weights are where <see cref="ProjectionTrainer"/> starts, and a trained
/// W becomes a new ONNX file with the same graph that <see cref="OnnxFaceEmbedder"/> loads like the shipped one.
/// </summary>
public static class ProjectionModel
{
    /// <summary>The name of the fc weight initializer in FaceMetric's recognition graph.</summary>
    public const string WeightName = "fc.weight";

    /// <summary>Rows of W: the length of the pooled features (256).</summary>
    public const int InputDimension = OnnxFaceEmbedder.FeatureLength;

    /// <summary>Columns of W: the descriptor length (128).</summary>
    public const int OutputDimension = FaceDescriptor.Length;

    /// <summary>
    /// Scores a projection on labelled features: each row of <paramref name="features"/> is projected by W
    /// (<c>y = x·W</c>), then dlib's metric loss over all rows as one batch and the balanced pair accuracy at the loss's
    /// distance threshold are computed (the figures <see cref="ProjectionTrainer"/> reports for its held-out set).
    /// </summary>
    /// <param name="features">n rows of <see cref="InputDimension"/> floats.</param>
    /// <param name="labels">n identity labels.</param>
    /// <param name="weights">W: <see cref="InputDimension"/> x <see cref="OutputDimension"/> floats, row-major.</param>
    /// <param name="loss">The loss (threshold and margin).</param>
    /// <returns>The loss and the balanced pair accuracy.</returns>
    /// <exception cref="ArgumentException">The sizes do not agree.</exception>
    public static ProjectionScore Score(ReadOnlySpan<float> features, ReadOnlySpan<int> labels, ReadOnlySpan<float> weights, MetricLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (features.Length != labels.Length * InputDimension || weights.Length != InputDimension * OutputDimension)
        {
            throw new ArgumentException(
                $"Expected {labels.Length} x {InputDimension} features and {InputDimension} x {OutputDimension} weights; got {features.Length} and {weights.Length}.");
        }

        var embeddings = new float[labels.Length * OutputDimension];
        LinearProjection.Forward(features, weights, embeddings, InputDimension, OutputDimension);
        double value = loss.ComputeLossAndGradient(embeddings, OutputDimension, labels, new float[embeddings.Length]);
        return new ProjectionScore(value, ProjectionTrainer.BalancedPairAccuracy(embeddings, OutputDimension, labels, loss.DistanceThreshold));
    }

    /// <summary>Reads W from a recognition model.</summary>
    /// <param name="modelPath">A FaceMetric recognition ONNX model (the shipped one or a retrained one).</param>
    /// <returns>256×128 floats, row-major.</returns>
    /// <exception cref="FaceModelException">The file is missing, not ONNX, or has no fc weight of that shape.</exception>
    public static float[] ReadWeights(string modelPath)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ModelProto model = Load(modelPath);
        TensorProto fc = FindWeight(model, modelPath);
        ReadOnlySpan<byte> raw = fc.RawData.Span;
        var weights = new float[InputDimension * OutputDimension];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
        }

        return weights;
    }

    /// <summary>
    /// Writes a copy of <paramref name="sourceModelPath"/> whose fc weight is <paramref name="weights"/>; everything
    /// else (graph, other weights) is unchanged. The file is written atomically (temporary file, flush, rename).
    /// </summary>
    /// <param name="sourceModelPath">The model to start from (usually the shipped one).</param>
    /// <param name="weights">256×128 finite floats, row-major.</param>
    /// <param name="destinationPath">The new model file; replaced if it exists. Its folder must exist.</param>
    /// <param name="description">A note stored in the model's metadata (e.g. what it was trained on).</param>
    /// <exception cref="ArgumentException">The weights have the wrong length or a value that is not finite.</exception>
    /// <exception cref="FaceModelException">The source model is missing, not ONNX, or not a FaceMetric recognition model.</exception>
    public static void WriteWithWeights(string sourceModelPath, ReadOnlySpan<float> weights, string destinationPath, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(sourceModelPath);
        ArgumentNullException.ThrowIfNull(destinationPath);
        if (weights.Length != InputDimension * OutputDimension)
        {
            throw new ArgumentException($"W must hold {InputDimension}x{OutputDimension} = {InputDimension * OutputDimension} floats; got {weights.Length}.", nameof(weights));
        }

        var raw = new byte[weights.Length * 4];
        for (int i = 0; i < weights.Length; i++)
        {
            if (!float.IsFinite(weights[i]))
            {
                throw new ArgumentException($"W[{i}] is {weights[i]}; every weight must be finite.", nameof(weights));
            }

            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), weights[i]);
        }

        ModelProto model = Load(sourceModelPath);
        FindWeight(model, sourceModelPath).RawData = ByteString.CopyFrom(raw);
        model.MetadataProps.Add(new StringStringEntryProto
        {
            Key = "fc_retrained",
            Value = (description ?? "last layer retrained with FaceMetric's ProjectionTrainer") + " (" + DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")",
        });

        IO.AtomicFile.Write(destinationPath, model.WriteTo);
    }

    private static ModelProto Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FaceModelException(path, "the file does not exist.");
        }

        try
        {
            using FileStream stream = File.OpenRead(path);
            return ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FaceModelException(path, "it is not a readable ONNX model: " + e.Message, e);
        }
    }

    private static TensorProto FindWeight(ModelProto model, string path)
    {
        TensorProto? fc = model.Graph?.Initializer.FirstOrDefault(t => t.Name == WeightName);
        if (fc is null || fc.Dims.Count != 2 || fc.Dims[0] != InputDimension || fc.Dims[1] != OutputDimension
            || fc.DataType != (int)TensorProto.Types.DataType.Float || fc.RawData.Length != InputDimension * OutputDimension * 4)
        {
            throw new FaceModelException(path, $"it has no float [{InputDimension},{OutputDimension}] initializer '{WeightName}' (not a FaceMetric recognition model).");
        }

        return fc;
    }
}
