using FaceMetric.ModelExport;
using FaceMetric.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace FaceMetric.Tests.ModelExport;

/// <summary>
/// The int8 (QDQ) variant of the recognition net built by <c>FaceMetric.ModelExport --int8</c> (not shipped: see
/// docs/results/int8_embedder.md): the weights the source stores as uint8 are kept exactly, and ONNX Runtime fuses
/// every convolution into QLinearConv.
/// </summary>
public sealed class RecognitionInt8Tests
{
    private static readonly string Manifest = Path.Combine(Fixtures.RepoRoot, ".cache", "face-api", "package", "model", "face_recognition_model-weights_manifest.json");

    private static ModelProto Float32() =>
        ModelProto.Parser.ParseFrom(File.ReadAllBytes(Fixtures.Model(ModelExporter.RecognitionFile)));

    // Ranges shaped like calibrated ones (a Relu's output starts at 0, which lets ONNX Runtime drop the Relu); the
    // calibrated values only move scales and zero points.
    private static Dictionary<string, (double Min, double Max)> UnitRanges(ModelProto model) =>
        RecognitionInt8.QuantizedTensors(model).Skip(1).ToDictionary(
            t => t, t => t.EndsWith(".relu", StringComparison.Ordinal) || t.EndsWith(".out", StringComparison.Ordinal) ? (0.0, 8.0) : (-4.0, 8.0), StringComparer.Ordinal);

    [Fact]
    public void EveryConvolutionFilterLiesOnTheSourcesUint8GridAndIsStoredExactly()
    {
        Assert.True(File.Exists(Manifest), "The model source is missing: run 'bash tools/test-assets.sh'.");
        ModelProto fp32 = Float32();
        var grids = RecognitionInt8Export.Grids(Manifest);
        // The 21 uint8 filters of the source, each with a whole-number zero point; the conv64 stage's 8 filters are
        // float32 in the source and take the symmetric per-channel scheme.
        Assert.Equal(21, grids.Count);

        // Quantize checks each channel against the folded float weights (relative 1e-5) and throws when one is off.
        ModelProto q = RecognitionInt8.Quantize(fp32, UnitRanges(fp32), new Dictionary<string, string>(), grids);
        var inits = q.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (TensorProto w in fp32.Graph.Initializer.Where(t => grids.ContainsKey(t.Name)))
        {
            var (grid, zero) = grids[w.Name];
            ReadOnlySpan<byte> stored = inits[w.Name + "_quantized"].RawData.Span;
            Assert.Equal((sbyte)(zero - 128), (sbyte)inits[w.Name + "_zero_point"].RawData.Span[0]);
            for (int i = 0; i < grid.Length; i++)
            {
                Assert.Equal(grid[i] + zero - 128, (sbyte)stored[i]);
            }
        }
    }

    [Fact]
    public void OnnxRuntimeFusesEveryConvolutionIntoQLinearConv()
    {
        ModelProto fp32 = Float32();
        ModelProto q = RecognitionInt8.Quantize(fp32, UnitRanges(fp32), new Dictionary<string, string>());
        string optimised = Path.Combine(Path.GetTempPath(), "facemetric-int8-" + Guid.NewGuid().ToString("N") + ".onnx");
        try
        {
            using (var so = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimised, IntraOpNumThreads = 1 })
            using (var session = new InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(q), so))
            {
                Assert.Contains("descriptor", session.OutputMetadata.Keys);
            }

            var ops = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimised)).Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            Assert.Equal(32, ops.GetValueOrDefault("QLinearConv")); // 29 convolutions + 3 channel-expanding shortcuts
            Assert.Equal(0, ops.GetValueOrDefault("Conv"));
            Assert.Equal(14, ops.GetValueOrDefault("QLinearAdd"));
        }
        finally
        {
            File.Delete(optimised);
        }
    }
}
