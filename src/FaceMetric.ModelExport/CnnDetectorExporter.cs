using System.Globalization;
using FaceMetric.Detection.Cnn;
using Onnx;
using static FaceMetric.ModelExport.OnnxGraphBuilder;

namespace FaceMetric.ModelExport;

/// <summary>
/// Builds dlib's MMOD CNN face detector (<c>mmod_human_face_detector.dat</c>, the <c>net_type</c> of dlib's
/// <c>dnn_mmod_face_detection_ex.cpp</c>) as an ONNX graph.
/// </summary>
/// <remarks>
/// <para>Input <c>input</c>: float32 [N, 3, H, W], dlib's tiled image pyramid already normalised
/// (<c>(v - mean) / 256</c>, zero between the levels); H and W are free. The pyramid cannot be in the graph (dlib
/// pads it with zeros after normalising), so <see cref="FaceMetric.Detection.CnnFaceDetector"/> builds it.</para>
/// <para>Output <c>scores</c>: [N, windows, h, w], the MMOD score of each detector window at each output position
/// (dlib's <c>loss_mmod_::to_label</c> decodes it; so does the C# detector).</para>
/// <para>Each <c>con</c> and the <c>affine</c> after it (dlib's frozen batch norm) are one <c>Conv</c>:
/// <c>g * (conv(x, W) + b) + beta = conv(x, g * W) + (g * b + beta)</c>, products in double, rounded once to float.
/// dlib computes <c>g * float(conv) + beta</c> in float, so the folded network differs from dlib's by float rounding
/// only (measured by the parity tests: confidences within 1e-3, boxes identical). Strides and paddings are dlib's:
/// 5x5 stride 2 without padding (<c>con5d</c>), 5x5 stride 1 padded 2 (<c>con5</c>), 9x9 stride 1 padded 4.</para>
/// <para>The input layer's and the loss layer's settings travel as metadata (<see cref="MetadataKeys"/>).</para>
/// </remarks>
internal static class CnnDetectorExporter
{
    public const string InputName = "input";
    public const string ScoresOutput = "scores";

    public static ModelProto Build(MmodNetwork net, IReadOnlyDictionary<string, string> metadata)
    {
        var g = new OnnxGraphBuilder("mmod_human_face_detector");
        g.Input(InputName, "N", 3, "H", "W");
        string x = InputName;
        for (int i = 0; i < net.Layers.Count; i++)
        {
            MmodConvLayer layer = net.Layers[i];
            if (layer.KernelRows != layer.KernelCols)
            {
                throw new NotSupportedException($"Layer {i}: a {layer.KernelRows}x{layer.KernelCols} kernel; the exporter writes square kernels.");
            }

            var (w, b) = Fold(layer);
            string prefix = $"con{i}";
            string wName = g.Initializer(prefix + ".weight", w, layer.Filters, layer.Channels, layer.KernelRows, layer.KernelCols);
            string bName = g.Initializer(prefix + ".bias", b, layer.Filters);
            long p = layer.Padding;
            bool last = i == net.Layers.Count - 1;
            string convOut = last && !layer.Relu ? ScoresOutput : prefix + ".conv";
            x = g.Conv(convOut, x, wName, bName, layer.KernelRows, layer.Stride, [p, p, p, p]);
            if (layer.Relu)
            {
                x = g.Node("Relu", last ? ScoresOutput : prefix + ".relu", [x]);
            }
        }

        g.Output(ScoresOutput, "N", net.Windows.Count, "h", "w");
        var all = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        foreach (var (key, value) in MetadataKeys.Describe(net))
        {
            all[key] = value;
        }

        return g.ToModel(
            "dlib's MMOD CNN face detector (mmod_human_face_detector.dat, Davis E. King, CC0), the net_type of dlib's " +
            "dnn_mmod_face_detection_ex.cpp with each affine folded into its convolution. Input: dlib's tiled " +
            "pyramid_down<6> image pyramid, NCHW RGB, (v - mean)/256, zero padded. Output: scores [N,windows,h,w]; decode " +
            "with loss_mmod_::to_label (output (c, r) is centred on input (8c + 14, 8r + 14)).",
            all);
    }

    /// <summary>conv(x, g * W) + (g * b + beta), products in double, rounded once to float.</summary>
    internal static (float[] Weights, float[] Bias) Fold(MmodConvLayer layer)
    {
        int per = layer.Channels * layer.KernelRows * layer.KernelCols;
        var w = new float[layer.Weights.Length];
        var b = new float[layer.Filters];
        for (int o = 0; o < layer.Filters; o++)
        {
            double gamma = layer.Gamma?[o] ?? 1.0;
            double beta = layer.Beta?[o] ?? 0.0;
            for (int i = 0; i < per; i++)
            {
                w[(o * per) + i] = (float)(gamma * layer.Weights[(o * per) + i]);
            }

            b[o] = (float)((gamma * layer.Bias[o]) + beta);
        }

        return (w, b);
    }

    /// <summary>The metadata the C# detector reads: window sizes, NMS thresholds, pyramid padding, input means, output geometry.</summary>
    internal static class MetadataKeys
    {
        public static IEnumerable<(string Key, string Value)> Describe(MmodNetwork net)
        {
            CultureInfo c = CultureInfo.InvariantCulture;
            yield return (MmodMetadata.Windows, string.Join(";", net.Windows.Select(w => string.Create(c, $"{w.Width}x{w.Height}"))));
            yield return (MmodMetadata.NmsIou, net.NmsIouThreshold.ToString("R", c));
            yield return (MmodMetadata.NmsCovered, net.NmsCoveredThreshold.ToString("R", c));
            yield return (MmodMetadata.PyramidPadding, net.PyramidPadding.ToString(c));
            yield return (MmodMetadata.PyramidOuterPadding, net.PyramidOuterPadding.ToString(c));
            yield return (MmodMetadata.Means, string.Join(" ", new[] { net.AverageRed, net.AverageGreen, net.AverageBlue }.Select(v => v.ToString("R", c))));
            var (scale, offset) = MmodMetadata.OutputToInput(net.Layers);
            yield return (MmodMetadata.OutputScale, scale.ToString("R", c));
            yield return (MmodMetadata.OutputOffset, offset.ToString("R", c));
            yield return (MmodMetadata.MinInputSize, MmodMetadata.MinimumInputSize(net.Layers).ToString(c));
        }
    }
}
