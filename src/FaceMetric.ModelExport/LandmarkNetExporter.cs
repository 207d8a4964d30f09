using Onnx;
using static FaceMetric.ModelExport.OnnxGraphBuilder;

namespace FaceMetric.ModelExport;

/// <summary>
/// Builds face-api's 68-point landmark net (FaceLandmark68Net, face_landmark_68_model) as an ONNX graph.
/// </summary>
/// <remarks>
/// <para>Input <c>input</c>: float32 [N, 3, 112, 112], planar RGB pixel values 0..255 (the face crop zero-padded to a
/// centred square and resized to 112 by TF's legacy bilinear resize). The normalisation
/// <c>(x - [122.782, 117.001, 104.298]) / 255</c> is in the graph (Sub, Div): the first convolution pads the
/// normalised tensor with zeros, so it cannot be folded exactly.</para>
/// <para>Output <c>landmarks</c> [N, 136]: x0, y0, x1, y1, ... in units of the 112 square (iBUG 68 order), no
/// activation. The caller maps them back to the image (face-api's FaceLandmark68NetBase.postProcess).</para>
/// <para>Topology: four dense blocks (32, 64, 128, 256 channels, each halving the size: 112 -&gt; 56 -&gt; 28 -&gt; 14 -&gt;
/// 7). Block: out1 = relu(conv0(x)) (block 0: plain 3x3/2 conv + bias; others: separable 3x3/2), out2 = sep(out1),
/// out3 = sep(relu(out1 + out2)), out4 = sep(relu(out1 + out2 + out3)), result relu(out1 + out2 + out3 + out4),
/// summed in face-api's order out1 + (out2 + (out3 + out4)). sep = depthwise 3x3 (no bias) then pointwise 1x1 + bias.
/// Head: average pool 7x7 (= global average) -&gt; fc 256 -&gt; 136 + bias.</para>
/// </remarks>
internal sealed class LandmarkNetExporter
{
    public const string InputName = "input";
    public const string LandmarksOutput = "landmarks";
    public const int InputSize = 112;
    public const int PointCount = 68;

    private static readonly float[] Mean = [122.782f, 117.001f, 104.298f];

    private readonly IReadOnlyDictionary<string, TfjsTensor> _w;
    private readonly OnnxGraphBuilder _g = new("face_landmark_68");
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private LandmarkNetExporter(IReadOnlyDictionary<string, TfjsTensor> weights) => _w = weights;

    public static ModelProto Build(IReadOnlyDictionary<string, TfjsTensor> weights, IReadOnlyDictionary<string, string> metadata) =>
        new LandmarkNetExporter(weights).BuildGraph(metadata);

    private ModelProto BuildGraph(IReadOnlyDictionary<string, string> metadata)
    {
        _g.Input(InputName, "N", 3, InputSize, InputSize);
        string mean = _g.Initializer("preprocess.mean", Mean, 1, 3, 1, 1);
        string divisor = _g.Initializer("preprocess.divisor", [255f]);
        string x = _g.Node("Sub", "preprocess.sub", [InputName, mean]);
        x = _g.Node("Div", "preprocess.div", [x, divisor]);

        int size = InputSize;
        for (int block = 0; block < 4; block++)
        {
            x = DenseBlock($"dense{block}", x, size, first: block == 0);
            size /= 2;
        }

        if (size != 7)
        {
            throw new InvalidOperationException($"The dense blocks should end at 7x7, not {size}x{size}.");
        }

        string pooled = _g.Node("GlobalAveragePool", "head.pool", [x]);
        string flat = _g.Node("Flatten", "head.flatten", [pooled], Int("axis", 1));
        TfjsTensor fcW = Take("fc/weights");
        TfjsTensor fcB = Take("fc/bias");
        if (fcW.Shape is not [256, 136] || fcB.ElementCount != 136)
        {
            throw new InvalidDataException($"fc: expected weights [256,136] and bias [136], got [{string.Join(",", fcW.Shape)}] and {fcB.ElementCount}.");
        }

        string w = _g.Initializer("fc.weight", fcW.Data, 256, 136);
        string b = _g.Initializer("fc.bias", fcB.Data, 136);
        _g.Node("Gemm", LandmarksOutput, [flat, w, b]);
        _g.Output(LandmarksOutput, "N", 2 * PointCount);

        string[] unused = _w.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        if (unused.Length > 0)
        {
            throw new InvalidDataException("Weights not used by the landmark graph: " + string.Join(", ", unused));
        }

        return _g.ToModel(
            "face-api.js 68-point face landmark net (face_landmark_68_model), from @vladmandic/face-api 1.7.15's " +
            "uint8-quantized TF.js weights. Input: RGB 112x112 (face crop padded to a centred square), values 0..255, NCHW " +
            "((x - mean)/255 is in the graph). Output: landmarks [N,136], x,y interleaved in units of the 112 square, iBUG 68 order.",
            metadata);
    }

    private string DenseBlock(string prefix, string x, int size, bool first)
    {
        string out1 = first ? PlainConv(prefix + "/conv0", x, size) : Separable(prefix + "/conv0", x, size, stride: 2);
        out1 = _g.Node("Relu", prefix + ".out1", [out1]);
        int half = size / 2;
        string out2 = Separable(prefix + "/conv1", out1, half, stride: 1);
        string in3 = _g.Node("Relu", prefix + ".in3", [_g.Node("Add", prefix + ".sum12", [out1, out2])]);
        string out3 = Separable(prefix + "/conv2", in3, half, stride: 1);
        string s23 = _g.Node("Add", prefix + ".sum23", [out2, out3]);
        string in4 = _g.Node("Relu", prefix + ".in4", [_g.Node("Add", prefix + ".sum123", [out1, s23])]);
        string out4 = Separable(prefix + "/conv3", in4, half, stride: 1);
        string s34 = _g.Node("Add", prefix + ".sum34", [out3, out4]);
        string s234 = _g.Node("Add", prefix + ".sum234", [out2, s34]);
        string s1234 = _g.Node("Add", prefix + ".sum1234", [out1, s234]);
        return _g.Node("Relu", prefix + ".out", [s1234]);
    }

    private string PlainConv(string prefix, string x, int size)
    {
        TfjsTensor filters = Take(prefix + "/filters");
        var (w, b) = ConvFolding.Fold(filters, Take(prefix + "/bias"), null, null);
        int k = filters.Shape[0], cin = filters.Shape[2], cout = filters.Shape[3];
        string wName = _g.Initializer(prefix + ".weight", w, cout, cin, k, k);
        string bName = _g.Initializer(prefix + ".bias", b, cout);
        return _g.Conv(prefix + ".conv", x, wName, bName, k, 2, SamePads(size, k, 2));
    }

    private string Separable(string prefix, string x, int inputSize, int stride)
    {
        TfjsTensor depthwise = Take(prefix + "/depthwise_filter");
        var (dw, _) = ConvFolding.FoldDepthwise(depthwise, scale: null, shift: null);
        int k = depthwise.Shape[0], cin = depthwise.Shape[2];
        string dwName = _g.Initializer(prefix + ".depthwise.weight", dw, cin, 1, k, k);
        string y = _g.Conv(prefix + ".depthwise", x, dwName, null, k, stride, SamePads(inputSize, k, stride), group: cin);

        TfjsTensor pointwise = Take(prefix + "/pointwise_filter");
        var (pw, pb) = ConvFolding.Fold(pointwise, Take(prefix + "/bias"), null, null);
        int cout = pointwise.Shape[3];
        if (pointwise.Shape[2] != cin)
        {
            throw new InvalidDataException($"{prefix}: pointwise input channels {pointwise.Shape[2]} != depthwise channels {cin}.");
        }

        string pwName = _g.Initializer(prefix + ".pointwise.weight", pw, cout, cin, 1, 1);
        string pbName = _g.Initializer(prefix + ".pointwise.bias", pb, cout);
        return _g.Conv(prefix + ".pointwise", y, pwName, pbName, 1, 1, [0, 0, 0, 0]);
    }

    private TfjsTensor Take(string name)
    {
        if (!_w.TryGetValue(name, out TfjsTensor? t))
        {
            throw new InvalidDataException($"Weight '{name}' is missing from the 68-point landmark manifest.");
        }

        _used.Add(name);
        return t;
    }
}
