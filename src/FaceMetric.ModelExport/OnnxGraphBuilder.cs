using Google.Protobuf;
using Onnx;

namespace FaceMetric.ModelExport;

/// <summary>
/// A small, deterministic builder over the ONNX protobuf messages (from the OnnxSharp package): initializers,
/// nodes, inputs and outputs, and the model wrapper. Names are given by the caller, so the same inputs always
/// serialise to the same bytes.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    public const int Opset = 17;
    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName) => _graph = new GraphProto { Name = graphName };

    public string Initializer(string name, float[] data, params long[] dims)
    {
        long expected = dims.Aggregate(1L, (a, b) => a * b);
        if (expected != data.Length)
        {
            throw new ArgumentException($"Initializer {name}: {data.Length} values for shape [{string.Join(",", dims)}].");
        }

        var raw = new byte[data.Length * 4];
        for (int i = 0; i < data.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), data[i]);
        }

        var t = new TensorProto { Name = Claim(name), DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) };
        t.Dims.AddRange(dims);
        _graph.Initializer.Add(t);
        return name;
    }

    public string Int64Initializer(string name, params long[] values)
    {
        var t = new TensorProto { Name = Claim(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        return name;
    }

    public string Node(string opType, string output, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(Claim(output));
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>
    /// Adds a 2-D convolution (square kernel) with explicit pads <c>[top, left, bottom, right]</c>; <paramref name="group"/>
    /// equal to the channel count makes it depthwise. <paramref name="bias"/> may be null.
    /// </summary>
    public string Conv(string output, string x, string weight, string? bias, int kernel, int stride, long[] pads, int group = 1)
    {
        string[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        var attributes = new List<AttributeProto>
        {
            Ints("kernel_shape", kernel, kernel),
            Ints("strides", stride, stride),
            Ints("pads", pads),
        };
        if (group != 1)
        {
            attributes.Add(Int("group", group));
        }

        return Node("Conv", output, inputs, [.. attributes]);
    }

    /// <summary>
    /// TensorFlow 'SAME' padding of a square kernel on a square input, as ONNX pads <c>[top, left, bottom, right]</c>:
    /// out = ceil(in / stride), total = max((out - 1) * stride + kernel - in, 0), before = total / 2, after = the rest.
    /// </summary>
    public static long[] SamePads(int inputSize, int kernel, int stride)
    {
        int output = (inputSize + stride - 1) / stride;
        int total = Math.Max(((output - 1) * stride) + kernel - inputSize, 0);
        int before = total / 2;
        return [before, before, total - before, total - before];
    }

    public void Input(string name, params object[] dims) => _graph.Input.Add(ValueInfo(Claim(name), dims));

    public void Output(string name, params object[] dims) => _graph.Output.Add(ValueInfo(name, dims));

    public ModelProto ToModel(string docString, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "FaceMetric.ModelExport",
            ProducerVersion = "1",
            Domain = "facemetric",
            ModelVersion = 1,
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private string Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"Duplicate ONNX value name '{name}'.");
        }

        return name;
    }

    private static ValueInfoProto ValueInfo(string name, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object d in dims)
        {
            shape.Dim.Add(d switch
            {
                string symbolic => new TensorShapeProto.Types.Dimension { DimParam = symbolic },
                int value => new TensorShapeProto.Types.Dimension { DimValue = value },
                _ => throw new ArgumentException($"Dimension {d} must be an int or a symbolic name."),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
