using Onnx;
using static FaceMetric.ModelExport.OnnxGraphBuilder;

namespace FaceMetric.ModelExport;

/// <summary>
/// Builds dlib's face recognition ResNet (<c>anet_type</c> of dlib's examples/dnn_face_recognition_ex.cpp) as an
/// ONNX graph from face-api's TF.js weights (face_recognition_model).
/// </summary>
/// <remarks>
/// <para>Input <c>input</c>: float32 [N, 3, 150, 150], planar RGB pixel values 0..255 (an aligned dlib face chip).
/// dlib's normalisation <c>(v - [122.782, 117.001, 104.298]) / 256</c> (input_rgb_image_sized) is folded into the
/// stem convolution, which has no padding, so the fold is exact up to float rounding. face-api.js divides by 255:
/// that is face-api's deviation; this graph follows dlib.</para>
/// <para>Outputs: <c>descriptor</c> [N, 128] (fc 256-&gt;128, no bias, no L2 normalisation) and <c>features</c>
/// [N, 256], the pooled vector before the fc (for training the last layer).</para>
/// <para>Topology (dlib): stem conv 7x7/2 valid + affine + relu, max-pool 3x3/2 valid (150 -&gt; 72 -&gt; 35);
/// residual = relu(affine(conv3x3(relu(affine(conv3x3(x))))) + x); down block: first conv 3x3/2 valid, shortcut =
/// avg-pool 2x2/2 of the block input with the new channels zero at the end, and where the conv branch is smaller
/// (3x3 vs 4x4, 1x1 vs 2x2) it is zero-padded at the bottom and right (dlib's add_prev). The channel-expanding
/// shortcut is emitted as one 2x2/2 convolution whose weights are 0.25 on the channel diagonal (average and
/// zero-fill in one op); unlike a Pad on the channel axis it keeps ONNX Runtime's NCHWc layout chain intact.</para>
/// </remarks>
internal sealed class RecognitionNetExporter
{
    public const string InputName = "input";
    public const string DescriptorOutput = "descriptor";
    public const string FeaturesOutput = "features";
    public const string FcInitializer = "fc.weight";

    private static readonly double[] DlibMean = [122.782, 117.001, 104.298];
    private const double DlibScale = 1.0 / 256.0;

    private readonly IReadOnlyDictionary<string, TfjsTensor> _w;
    private readonly OnnxGraphBuilder _g = new("dlib_face_recognition_resnet_model_v1");
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private RecognitionNetExporter(IReadOnlyDictionary<string, TfjsTensor> weights) => _w = weights;

    public static ModelProto Build(IReadOnlyDictionary<string, TfjsTensor> weights, IReadOnlyDictionary<string, string> metadata)
    {
        var e = new RecognitionNetExporter(weights);
        return e.BuildGraph(metadata);
    }

    private ModelProto BuildGraph(IReadOnlyDictionary<string, string> metadata)
    {
        _g.Input(InputName, "N", 3, 150, 150);

        string x = ConvAffine("conv32_down", InputName, stride: 2, pad: 0, relu: true, inputMean: DlibMean, inputScale: DlibScale);
        x = _g.Node("MaxPool", "stem.maxpool", [x], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 0, 0, 0, 0));

        x = Residual("conv32_1", x);
        x = Residual("conv32_2", x);
        x = Residual("conv32_3", x);
        x = Down("conv64_down", x, inChannels: 32, outChannels: 64, padConvBranch: false);
        x = Residual("conv64_1", x);
        x = Residual("conv64_2", x);
        x = Residual("conv64_3", x);
        x = Down("conv128_down", x, inChannels: 64, outChannels: 128, padConvBranch: false);
        x = Residual("conv128_1", x);
        x = Residual("conv128_2", x);
        x = Down("conv256_down", x, inChannels: 128, outChannels: 256, padConvBranch: true);
        x = Residual("conv256_1", x);
        x = Residual("conv256_2", x);
        x = Down("conv256_down_out", x, inChannels: 256, outChannels: 256, padConvBranch: true);

        string pooled = _g.Node("GlobalAveragePool", "head.pool", [x]);
        string features = _g.Node("Flatten", FeaturesOutput, [pooled], Int("axis", 1));
        TfjsTensor fc = Take("fc");
        if (fc.Shape is not [256, 128])
        {
            throw new InvalidDataException($"fc: expected shape [256,128], got [{string.Join(",", fc.Shape)}].");
        }

        _g.Initializer(FcInitializer, fc.Data, 256, 128);
        _g.Node("MatMul", DescriptorOutput, [features, FcInitializer]);

        _g.Output(DescriptorOutput, "N", 128);
        _g.Output(FeaturesOutput, "N", 256);

        string[] unused = _w.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        if (unused.Length > 0)
        {
            throw new InvalidDataException("Weights not used by the recognition graph: " + string.Join(", ", unused));
        }

        return _g.ToModel(
            "dlib's face recognition ResNet (dlib_face_recognition_resnet_model_v1, Davis King, public domain), " +
            "from @vladmandic/face-api 1.7.15's uint8-quantized TF.js port. Input: RGB chip 150x150, values 0..255, NCHW. " +
            "Outputs: descriptor [N,128] (same person when Euclidean distance < 0.6), features [N,256].",
            metadata);
    }

    private string Residual(string prefix, string x)
    {
        string c1 = ConvAffine(prefix + "/conv1", x, stride: 1, pad: 1, relu: true);
        string c2 = ConvAffine(prefix + "/conv2", c1, stride: 1, pad: 1, relu: false);
        string sum = _g.Node("Add", prefix + ".add", [c2, x]);
        return _g.Node("Relu", prefix + ".out", [sum]);
    }

    private string Down(string prefix, string x, int inChannels, int outChannels, bool padConvBranch)
    {
        string c1 = ConvAffine(prefix + "/conv1", x, stride: 2, pad: 0, relu: true);
        string c2 = ConvAffine(prefix + "/conv2", c1, stride: 1, pad: 1, relu: false);
        if (padConvBranch)
        {
            // dlib's add_prev adds tensors of different sizes as if the smaller were zero-padded at the end.
            string pads = _g.Int64Initializer(prefix + ".pads", 0, 0, 0, 0, 0, 0, 1, 1);
            c2 = _g.Node("Pad", prefix + ".pad", [c2, pads], String("mode", "constant"));
        }

        string shortcut;
        if (inChannels == outChannels)
        {
            shortcut = _g.Node("AveragePool", prefix + ".shortcut", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), Ints("pads", 0, 0, 0, 0));
        }
        else
        {
            var w = new float[outChannels * inChannels * 4];
            for (int c = 0; c < inChannels; c++)
            {
                w.AsSpan(((c * inChannels) + c) * 4, 4).Fill(0.25f);
            }

            string wName = _g.Initializer(prefix + ".shortcut.weight", w, outChannels, inChannels, 2, 2);
            shortcut = _g.Node("Conv", prefix + ".shortcut", [x, wName], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), Ints("pads", 0, 0, 0, 0));
        }

        string sum = _g.Node("Add", prefix + ".add", [c2, shortcut]);
        return _g.Node("Relu", prefix + ".out", [sum]);
    }

    private string ConvAffine(string prefix, string x, int stride, int pad, bool relu, double[]? inputMean = null, double inputScale = 1.0)
    {
        TfjsTensor filters = Take(prefix + "/conv/filters");
        var (w, b) = ConvFolding.Fold(filters, Take(prefix + "/conv/bias"), Take(prefix + "/scale/weights"), Take(prefix + "/scale/biases"), inputMean, inputScale);
        int kh = filters.Shape[0], kw = filters.Shape[1], cin = filters.Shape[2], cout = filters.Shape[3];
        string wName = _g.Initializer(prefix + ".weight", w, cout, cin, kh, kw);
        string bName = _g.Initializer(prefix + ".bias", b, cout);
        string y = _g.Node(
            "Conv",
            prefix + ".conv",
            [x, wName, bName],
            Ints("kernel_shape", kh, kw),
            Ints("strides", stride, stride),
            Ints("pads", pad, pad, pad, pad));
        return relu ? _g.Node("Relu", prefix + ".relu", [y]) : y;
    }

    private TfjsTensor Take(string name)
    {
        if (!_w.TryGetValue(name, out TfjsTensor? t))
        {
            throw new InvalidDataException($"Weight '{name}' is missing from the face recognition manifest.");
        }

        _used.Add(name);
        return t;
    }
}
