using Onnx;
using static FaceMetric.ModelExport.OnnxGraphBuilder;

namespace FaceMetric.ModelExport;

/// <summary>
/// Builds face-api's SSD MobileNet v1 face detector (ssd_mobilenetv1_model) as an ONNX graph: the MobileNet v1
/// backbone and the six SSD box predictors, up to the raw per-anchor outputs. Box decoding, the sigmoid, NMS and the
/// mapping back to the image are done by the caller (FaceMetric.Detection.SsdFaceDetector), as face-api does in JS.
/// </summary>
/// <remarks>
/// <para>Input <c>input</c>: float32 [N, 3, 512, 512], planar RGB pixel values 0..255 (the photo zero-padded at the
/// bottom/right to a square and resized to 512 by TF's legacy bilinear resize). The normalisation
/// <c>x / 127.5 - 1</c> is IN the graph (Div, Sub), computed as face-api does; it cannot be folded into the first
/// convolution exactly because that convolution pads the normalised tensor with zeros (TF 'SAME', bottom/right).</para>
/// <para>Outputs: <c>box_encodings</c> [N, 5118, 4] (ty, tx, th, tw per anchor), <c>class_logits</c> [N, 5118, 3]
/// (background, face, unused; score = sigmoid(logit 1)), and <c>anchors</c> [5118, 4], the constant priors
/// (ymin, xmin, ymax, xmax in units of the 512 square) copied from the weights' <c>Output/extra_dim</c>.
/// Anchor order: predictor 0..5, then cell row, cell column, anchor (TF's NHWC reshape).</para>
/// <para>Layers: "pointwise" = conv + convolution_bn_offset + relu6; "depthwise" = depthwise 3x3 + batch norm
/// (epsilon 0.0010000000474974513, folded into the depthwise weights in double) + relu6. TF 'SAME' padding on
/// even inputs: stride 2 pads bottom/right only.</para>
/// </remarks>
internal sealed class SsdMobileNetExporter
{
    public const string InputName = "input";
    public const string BoxEncodingsOutput = "box_encodings";
    public const string ClassLogitsOutput = "class_logits";
    public const string AnchorsOutput = "anchors";
    public const int InputSize = 512;
    public const int AnchorCount = 5118;

    private const double BatchNormEpsilon = 0.0010000000474974513;

    // Graph constants of the original TF graph that face-api does not use (it hard-codes their meaning).
    private static readonly string[] UnusedConstants =
    [
        "Prediction/BoxPredictor_0/stack_1/2", "Postprocessor/Slice/begin", "Postprocessor/Slice/size",
        "Prediction/BoxPredictor_0/stack_1/1", "Prediction/BoxPredictor_1/stack_1/1", "Prediction/BoxPredictor_2/stack_1/1",
        "Prediction/BoxPredictor_3/stack_1/1", "Prediction/BoxPredictor_4/stack_1/1", "Prediction/BoxPredictor_5/stack_1/1",
        "Preprocessor/mul/x", "Preprocessor/ResizeImage/size", "Preprocessor/sub/y", "concat_1/axis",
        "Prediction/BoxPredictor_0/strided_slice/stack", "Prediction/BoxPredictor_0/strided_slice/stack_1",
        "Postprocessor/stack/1", "Prediction/BoxPredictor_0/stack/3",
    ];

    private readonly IReadOnlyDictionary<string, TfjsTensor> _w;
    private readonly OnnxGraphBuilder _g = new("ssd_mobilenetv1_face");
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private SsdMobileNetExporter(IReadOnlyDictionary<string, TfjsTensor> weights) => _w = weights;

    public static ModelProto Build(IReadOnlyDictionary<string, TfjsTensor> weights, IReadOnlyDictionary<string, string> metadata) =>
        new SsdMobileNetExporter(weights).BuildGraph(metadata);

    private ModelProto BuildGraph(IReadOnlyDictionary<string, string> metadata)
    {
        _g.Input(InputName, "N", 3, InputSize, InputSize);
        string divisor = _g.Initializer("preprocess.divisor", [127.5f]);
        string one = _g.Initializer("preprocess.one", [1f]);
        string zero = _g.Initializer("relu6.min", [0f]);
        string six = _g.Initializer("relu6.max", [6f]);
        string x = _g.Node("Div", "preprocess.div", [InputName, divisor]);
        x = _g.Node("Sub", "preprocess.sub", [x, one]);

        var f = new Feature(x, InputSize);
        f = Pointwise("MobilenetV1/Conv2d_0_pointwise", f, stride: 2, zero, six);
        Feature conv11 = default;
        for (int i = 1; i <= 13; i++)
        {
            int stride = i is 2 or 4 or 6 or 12 ? 2 : 1;
            f = Depthwise($"MobilenetV1/Conv2d_{i}_depthwise", f, stride, zero, six);
            f = Pointwise($"MobilenetV1/Conv2d_{i}_pointwise", f, stride: 1, zero, six);
            if (i == 11)
            {
                conv11 = f;
            }
        }

        var mapInputs = new List<Feature> { conv11, f };
        Feature p = f;
        for (int i = 0; i <= 7; i++)
        {
            p = Pointwise($"Prediction/Conv2d_{i}_pointwise", p, stride: i % 2 == 1 ? 2 : 1, zero, six);
            if (i % 2 == 1)
            {
                mapInputs.Add(p);
            }
        }

        var boxes = new string[mapInputs.Count];
        var classes = new string[mapInputs.Count];
        for (int k = 0; k < mapInputs.Count; k++)
        {
            boxes[k] = Predictor($"Prediction/BoxPredictor_{k}/BoxEncodingPredictor", mapInputs[k], 4);
            classes[k] = Predictor($"Prediction/BoxPredictor_{k}/ClassPredictor", mapInputs[k], 3);
        }

        _g.Node("Concat", BoxEncodingsOutput, boxes, Int("axis", 1));
        _g.Node("Concat", ClassLogitsOutput, classes, Int("axis", 1));

        TfjsTensor anchors = Take("Output/extra_dim");
        if (anchors.Shape is not [1, AnchorCount, 4])
        {
            throw new InvalidDataException($"Output/extra_dim: expected [1,{AnchorCount},4], got [{string.Join(",", anchors.Shape)}].");
        }

        string anchorConst = _g.Initializer("anchors.value", anchors.Data, AnchorCount, 4);
        _g.Node("Identity", AnchorsOutput, [anchorConst]);

        _g.Output(BoxEncodingsOutput, "N", AnchorCount, 4);
        _g.Output(ClassLogitsOutput, "N", AnchorCount, 3);
        _g.Output(AnchorsOutput, AnchorCount, 4);

        foreach (string name in UnusedConstants)
        {
            _used.Add(name);
        }

        string[] unused = _w.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        if (unused.Length > 0)
        {
            throw new InvalidDataException("Weights not used by the SSD graph: " + string.Join(", ", unused));
        }

        return _g.ToModel(
            "face-api.js SSD MobileNet v1 face detector (ssd_mobilenetv1_model), from @vladmandic/face-api 1.7.15's " +
            "uint8-quantized TF.js weights. Input: RGB 512x512, values 0..255, NCHW (x/127.5-1 is in the graph). " +
            "Outputs: box_encodings [N,5118,4] (ty,tx,th,tw; scale factors 10,10,5,5), class_logits [N,5118,3] " +
            "(score = sigmoid(logit 1)), anchors [5118,4] (ymin,xmin,ymax,xmax of the 512 square).",
            metadata);
    }

    private Feature Pointwise(string prefix, Feature x, int stride, string zero, string six)
    {
        TfjsTensor filters = Take(prefix + "/weights");
        var (w, b) = ConvFolding.Fold(filters, Take(prefix + "/convolution_bn_offset"), null, null);
        int k = filters.Shape[0], cin = filters.Shape[2], cout = filters.Shape[3];
        string wName = _g.Initializer(prefix + ".weight", w, cout, cin, k, k);
        string bName = _g.Initializer(prefix + ".bias", b, cout);
        string y = _g.Conv(prefix + ".conv", x.Name, wName, bName, k, stride, SamePads(x.Size, k, stride));
        return new Feature(_g.Node("Clip", prefix + ".relu6", [y, zero, six]), Out(x.Size, stride));
    }

    private Feature Depthwise(string prefix, Feature x, int stride, string zero, string six)
    {
        TfjsTensor filters = Take(prefix + "/depthwise_weights");
        var (scale, shift) = ConvFolding.BatchNormAffine(
            Take(prefix + "/BatchNorm/gamma"),
            Take(prefix + "/BatchNorm/beta"),
            Take(prefix + "/BatchNorm/moving_mean"),
            Take(prefix + "/BatchNorm/moving_variance"),
            BatchNormEpsilon);
        var (w, b) = ConvFolding.FoldDepthwise(filters, scale, shift);
        int k = filters.Shape[0], c = filters.Shape[2];
        string wName = _g.Initializer(prefix + ".weight", w, c, 1, k, k);
        string bName = _g.Initializer(prefix + ".bias", b!, c);
        string y = _g.Conv(prefix + ".conv", x.Name, wName, bName, k, stride, SamePads(x.Size, k, stride), group: c);
        return new Feature(_g.Node("Clip", prefix + ".relu6", [y, zero, six]), Out(x.Size, stride));
    }

    /// <summary>1x1 conv + bias, then NHWC order and reshape to [N, H*W*A, values] as TF's reshape does.</summary>
    private string Predictor(string prefix, Feature x, int values)
    {
        TfjsTensor filters = Take(prefix + "/weights");
        var (w, b) = ConvFolding.Fold(filters, Take(prefix + "/biases"), null, null);
        int cin = filters.Shape[2], cout = filters.Shape[3];
        if (cout % values != 0)
        {
            throw new InvalidDataException($"{prefix}: {cout} output channels is not a multiple of {values}.");
        }

        string wName = _g.Initializer(prefix + ".weight", w, cout, cin, 1, 1);
        string bName = _g.Initializer(prefix + ".bias", b, cout);
        string y = _g.Conv(prefix + ".conv", x.Name, wName, bName, 1, 1, [0, 0, 0, 0]);
        string nhwc = _g.Node("Transpose", prefix + ".nhwc", [y], Ints("perm", 0, 2, 3, 1));
        string shape = _g.Int64Initializer(prefix + ".shape", 0, -1, values);
        return _g.Node("Reshape", prefix + ".reshape", [nhwc, shape]);
    }

    private static int Out(int size, int stride) => (size + stride - 1) / stride;

    private TfjsTensor Take(string name)
    {
        if (!_w.TryGetValue(name, out TfjsTensor? t))
        {
            throw new InvalidDataException($"Weight '{name}' is missing from the SSD MobileNet v1 manifest.");
        }

        _used.Add(name);
        return t;
    }

    /// <summary>A value in the graph and its (square) spatial size.</summary>
    private readonly record struct Feature(string Name, int Size);
}
