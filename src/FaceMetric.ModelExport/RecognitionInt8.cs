using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Onnx;

namespace FaceMetric.ModelExport;

/// <summary>
/// The int8 (QDQ) variant of the exported face recognition graph: QuantizeLinear/DequantizeLinear pairs on the
/// activations (uint8, per tensor, ranges from a calibration run) and DequantizeLinear on the weights (int8, symmetric,
/// per output channel; the 21 filters the source stores as uint8 keep their exact values, see <see cref="Quantize"/>)
/// and biases (int32, scale = input scale x weight scale), the layout ONNX Runtime's QDQ
/// transformers fuse into QLinearConv / QLinearAdd / quantized pooling at <c>ORT_ENABLE_ALL</c>.
/// </summary>
/// <remarks>
/// <para>Quantized activations: the graph input (pixel values 0..255: scale 1, zero point 0, exact), and the outputs
/// of every Relu, MaxPool, AveragePool, Pad and of every Conv not followed by a Relu (MaxPool and Pad keep their
/// input's scale and zero point). A Relu's uint8 output with zero
/// point 0 lets ONNX Runtime drop the Relu (the clamp at 0 is the quantisation's own). The head (global average pool,
/// the 256-&gt;128 fc) stays float32.</para>
/// <para>Calibration (<see cref="CalibrationModel"/>): the float graph with every one of those tensors as an extra
/// output; the caller runs it on calibration chips and records each tensor's range.</para>
/// </remarks>
internal static class RecognitionInt8
{
    public const string Int8File = "dlib_face_recognition_resnet_model_v1_int8.onnx";

    /// <summary>The names of the float tensors the int8 graph quantizes (the graph input first), in graph order.</summary>
    public static IReadOnlyList<string> QuantizedTensors(ModelProto model)
    {
        GraphProto g = model.Graph;
        var consumers = Consumers(g);
        var names = new List<string> { g.Input[0].Name };
        foreach (NodeProto n in g.Node)
        {
            bool take = n.OpType switch
            {
                "Relu" or "MaxPool" or "AveragePool" or "Pad" => true,
                "Conv" => !(consumers.TryGetValue(n.Output[0], out var c) && c.Count == 1 && c[0].OpType == "Relu"),
                _ => false,
            };
            if (take)
            {
                names.Add(n.Output[0]);
            }
        }

        return names;
    }

    /// <summary>The float model with every quantized tensor added as a graph output (for calibration).</summary>
    public static ModelProto CalibrationModel(ModelProto model)
    {
        ModelProto copy = model.Clone();
        var outputs = new HashSet<string>(copy.Graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        foreach (string name in QuantizedTensors(model).Skip(1))
        {
            if (outputs.Add(name))
            {
                copy.Graph.Output.Add(new ValueInfoProto
                {
                    Name = name,
                    Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
                });
            }
        }

        return copy;
    }

    /// <summary>Activation ranges: tensor name -&gt; (min, max) in float, as written by the calibration.</summary>
    public static IReadOnlyDictionary<string, (double Min, double Max)> ReadRanges(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var ranges = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (JsonProperty p in doc.RootElement.GetProperty("ranges").EnumerateObject())
        {
            ranges[p.Name] = (p.Value[0].GetDouble(), p.Value[1].GetDouble());
        }

        return ranges;
    }

    /// <summary>Builds the QDQ graph from the float graph and the activation ranges.</summary>
    /// <param name="model">The float model.</param>
    /// <param name="ranges">Activation ranges by tensor name.</param>
    /// <param name="extraMetadata">Metadata added to the model's.</param>
    /// <param name="grids">Optional: per Conv weight initializer, the source's integer grid (<c>q - zero</c> per
    /// weight in OIHW order, and the zero point). Where given, the folded float weights are <c>a[c] * (q - zero)</c>
    /// for a per-channel <c>a[c]</c> (the affine's gamma times the source's scale), so the int8 weights reproduce them
    /// exactly (stored <c>q - 128</c>, zero point <c>zero - 128</c>); elsewhere int8 symmetric per channel.</param>
    /// <param name="onlyActivations">Optional: quantize only the activations it accepts (a diagnostic; the rest stay float).</param>
    /// <param name="quantizeWeights">False leaves every Conv in float (a diagnostic).</param>
    public static ModelProto Quantize(ModelProto model, IReadOnlyDictionary<string, (double Min, double Max)> ranges, IReadOnlyDictionary<string, string> extraMetadata, IReadOnlyDictionary<string, (int[] Q, int Zero)>? grids = null, Func<string, bool>? onlyActivations = null, bool quantizeWeights = true)
    {
        ModelProto q = model.Clone();
        GraphProto g = q.Graph;
        var inits = g.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        IReadOnlyList<string> quantized = QuantizedTensors(model);
        string input = quantized[0];

        // Activation parameters: uint8, zero point so that 0.0 is exact.
        var act = new Dictionary<string, (float Scale, byte Zero)>(StringComparer.Ordinal);
        if (onlyActivations?.Invoke(input) != false)
        {
            act[input] = (1f, 0);
        }

        var producers = g.Node.ToDictionary(n => n.Output[0], StringComparer.Ordinal);
        foreach (string name in quantized.Skip(1).Where(t => onlyActivations?.Invoke(t) != false))
        {
            // MaxPool and Pad move values without computing new ones: their output keeps the input's parameters,
            // so ONNX Runtime runs them on the uint8 values with no second rounding.
            if (producers[name].OpType is "MaxPool" or "Pad" && act.TryGetValue(producers[name].Input[0], out var same))
            {
                act[name] = same;
                continue;
            }

            if (!ranges.TryGetValue(name, out var r))
            {
                throw new InvalidDataException($"No calibration range for tensor '{name}'.");
            }

            double lo = Math.Min(r.Min, 0), hi = Math.Max(r.Max, 0);
            if (hi - lo <= 0)
            {
                hi = lo + 1e-6;
            }

            float scale = (float)((hi - lo) / 255.0);
            byte zero = (byte)Math.Clamp(Math.Round(-lo / scale, MidpointRounding.ToEven), 0, 255);
            act[name] = (scale, zero);
        }

        var newNodes = new List<NodeProto>();
        var extraInits = new List<TensorProto>();

        // Weights and biases of every Conv: int8 per output channel, int32 bias.
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var consumers = Consumers(g);
        foreach (NodeProto n in g.Node.Where(n => n.OpType == "Conv"))
        {
            string x = n.Input[0];
            if (!quantizeWeights)
            {
                continue;
            }

            if (!act.TryGetValue(x, out var xq))
            {
                continue; // input kept in float (onlyActivations): the convolution stays float too
            }

            TensorProto w = inits[n.Input[1]];
            float[] wf = Floats(w);
            int cout = (int)w.Dims[0];
            int per = wf.Length / cout;
            var wScale = new float[cout];
            var wq = new byte[wf.Length];
            sbyte wZero = 0;
            if (grids is not null && grids.TryGetValue(w.Name, out var grid))
            {
                if (grid.Q.Length != wf.Length)
                {
                    throw new InvalidDataException($"Conv '{n.Name}': the grid has {grid.Q.Length} values for {wf.Length} weights.");
                }

                wZero = (sbyte)(grid.Zero - 128);
                for (int c = 0; c < cout; c++)
                {
                    // Least squares a[c] over the channel, then a check that every weight is on the grid.
                    double num = 0, den = 0;
                    for (int i = 0; i < per; i++)
                    {
                        int k = grid.Q[(c * per) + i];
                        num += wf[(c * per) + i] * (double)k;
                        den += (double)k * k;
                    }

                    double a = den > 0 ? num / den : 1.0;
                    double worst = 0, largest = 0;
                    for (int i = 0; i < per; i++)
                    {
                        int k = grid.Q[(c * per) + i];
                        worst = Math.Max(worst, Math.Abs(wf[(c * per) + i] - (a * k)));
                        largest = Math.Max(largest, Math.Abs(wf[(c * per) + i]));
                        wq[(c * per) + i] = unchecked((byte)(sbyte)(k + grid.Zero - 128));
                    }

                    if (worst > 1e-5 * Math.Max(largest, 1e-30))
                    {
                        throw new InvalidDataException($"Conv '{n.Name}' channel {c}: the weights are not on the source's grid (off by {worst:G3}).");
                    }

                    wScale[c] = (float)a;
                }
            }
            else
            {
                for (int c = 0; c < cout; c++)
                {
                    float m = 0;
                    for (int i = 0; i < per; i++)
                    {
                        m = Math.Max(m, Math.Abs(wf[(c * per) + i]));
                    }

                    wScale[c] = m > 0 ? m / 127f : 1f;
                    for (int i = 0; i < per; i++)
                    {
                        int v = (int)Math.Clamp(Math.Round(wf[(c * per) + i] / wScale[c], MidpointRounding.ToEven), -127, 127);
                        wq[(c * per) + i] = unchecked((byte)(sbyte)v);
                    }
                }
            }

            string wName = w.Name;
            g.Initializer.Remove(w);
            var wqT = new TensorProto { Name = wName + "_quantized", DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(wq) };
            wqT.Dims.AddRange(w.Dims);
            extraInits.Add(wqT);
            extraInits.Add(FloatTensor(wName + "_scale", wScale, cout));
            extraInits.Add(RawTensor(wName + "_zero_point", TensorProto.Types.DataType.Int8, Enumerable.Repeat(unchecked((byte)wZero), cout).ToArray(), cout));
            newNodes.Add(Dq(wName + "_dq", wqT.Name, wName + "_scale", wName + "_zero_point", axis: 0));
            n.Input[1] = wName + "_dq";

            if (n.Input.Count > 2)
            {
                TensorProto b = inits[n.Input[2]];
                float[] bf = Floats(b);
                var bScale = new float[cout];
                var bq = new byte[cout * 4];
                for (int c = 0; c < cout; c++)
                {
                    bScale[c] = xq.Scale * wScale[c];
                    int v = (int)Math.Round(bf[c] / bScale[c], MidpointRounding.ToEven);
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bq.AsSpan(c * 4), v);
                }

                string bName = b.Name;
                g.Initializer.Remove(b);
                extraInits.Add(RawTensor(bName + "_quantized", TensorProto.Types.DataType.Int32, bq, cout));
                extraInits.Add(FloatTensor(bName + "_scale", bScale, cout));
                extraInits.Add(RawTensor(bName + "_zero_point", TensorProto.Types.DataType.Int32, new byte[cout * 4], cout));
                newNodes.Add(Dq(bName + "_dq", bName + "_quantized", bName + "_scale", bName + "_zero_point", axis: 0));
                n.Input[2] = bName + "_dq";
            }
        }

        // Activations: T -> QuantizeLinear -> DequantizeLinear -> (every consumer of T).
        var original = g.Node.ToList();
        g.Node.Clear();
        g.Node.AddRange(newNodes);
        void AddQdq(string t)
        {
            var (scale, zero) = act[t];
            extraInits.Add(FloatTensor(t + "_scale", [scale]));
            extraInits.Add(RawTensor(t + "_zero_point", TensorProto.Types.DataType.Uint8, [zero]));
            var qn = new NodeProto { OpType = "QuantizeLinear", Name = t + "_QuantizeLinear" };
            qn.Input.AddRange([t, t + "_scale", t + "_zero_point"]);
            qn.Output.Add(t + "_quantized");
            g.Node.Add(qn);
            g.Node.Add(Dq(t + "_DequantizeLinear", t + "_quantized", t + "_scale", t + "_zero_point", axis: null, output: t + "_dequantized"));
            renamed[t] = t + "_dequantized";
        }

        if (act.ContainsKey(input))
        {
            AddQdq(input);
        }
        foreach (NodeProto n in original)
        {
            for (int i = 0; i < n.Input.Count; i++)
            {
                if (renamed.TryGetValue(n.Input[i], out string? r))
                {
                    n.Input[i] = r;
                }
            }

            g.Node.Add(n);
            if (act.ContainsKey(n.Output[0]))
            {
                AddQdq(n.Output[0]);
            }
        }

        g.Initializer.AddRange(extraInits);
        g.Name += "_int8_qdq";
        foreach (var (key, value) in extraMetadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            q.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return q;
    }

    /// <summary>
    /// Calibration: the min/max of each quantized tensor over the chips, and a percentile of its values (from a
    /// 4096-bin histogram over [0, max] of the absolute values); <paramref name="percentile"/> 100 keeps min/max.
    /// </summary>
    /// <param name="model">The float model.</param>
    /// <param name="chips">Interleaved RGB 150x150 chips, back to back.</param>
    /// <param name="percentile">The share of values (in percent) the range must cover; 100: the min/max.</param>
    /// <returns>Tensor name -&gt; (min, max).</returns>
    public static Dictionary<string, (double Min, double Max)> Calibrate(ModelProto model, byte[] chips, double percentile)
    {
        const int ChipBytes = 150 * 150 * 3;
        int count = chips.Length / ChipBytes;
        IReadOnlyList<string> names = QuantizedTensors(model).Skip(1).ToList();
        byte[] bytes = CalibrationModel(model).ToByteArray();
        using var so = new Microsoft.ML.OnnxRuntime.SessionOptions { GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_BASIC };
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(bytes, so);
        var min = names.ToDictionary(n => n, _ => double.MaxValue, StringComparer.Ordinal);
        var max = names.ToDictionary(n => n, _ => double.MinValue, StringComparer.Ordinal);
        const int Bins = 4096;
        var histNeg = names.ToDictionary(n => n, _ => new long[Bins], StringComparer.Ordinal);
        var histPos = names.ToDictionary(n => n, _ => new long[Bins], StringComparer.Ordinal);
        using var run = new Microsoft.ML.OnnxRuntime.RunOptions();

        // Two passes: min/max, then histograms over [min, 0] and [0, max].
        for (int pass = 0; pass < (percentile < 100 ? 2 : 1); pass++)
        {
            for (int k = 0; k < count; k++)
            {
                var planar = new float[ChipBytes];
                for (int i = 0; i < 150 * 150; i++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        planar[(c * 150 * 150) + i] = chips[(k * ChipBytes) + (i * 3) + c];
                    }
                }

                using var tensor = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(planar, [1, 3, 150, 150]);
                using var results = session.Run(run, ["input"], [tensor], names.ToArray());
                for (int j = 0; j < names.Count; j++)
                {
                    ReadOnlySpan<float> v = results[j].GetTensorDataAsSpan<float>();
                    string name = names[j];
                    if (pass == 0)
                    {
                        foreach (float f in v)
                        {
                            min[name] = Math.Min(min[name], f);
                            max[name] = Math.Max(max[name], f);
                        }
                    }
                    else
                    {
                        long[] hn = histNeg[name], hp = histPos[name];
                        double lo = min[name], hi = max[name];
                        foreach (float f in v)
                        {
                            if (f >= 0)
                            {
                                hp[hi > 0 ? Math.Min(Bins - 1, (int)(f / hi * Bins)) : 0]++;
                            }
                            else
                            {
                                hn[lo < 0 ? Math.Min(Bins - 1, (int)(f / lo * Bins)) : 0]++;
                            }
                        }
                    }
                }
            }
        }

        var ranges = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (percentile >= 100)
            {
                ranges[name] = (min[name], max[name]);
                continue;
            }

            ranges[name] = (-Cut(histNeg[name], -min[name], percentile), Cut(histPos[name], max[name], percentile));
        }

        return ranges;
    }

    /// <summary>
    /// Which activations cost accuracy: for each quantized tensor alone (float weights, every other tensor float), the
    /// median and max descriptor distance to the float model over the chips. Written as TSV lines to <paramref name="output"/>.
    /// </summary>
    public static void Sensitivity(ModelProto model, IReadOnlyDictionary<string, (double Min, double Max)> ranges, byte[] chips, TextWriter output)
    {
        float[][] reference = Describe(model, chips);
        foreach (string t in QuantizedTensors(model))
        {
            ModelProto one = Quantize(model, ranges, new Dictionary<string, string>(), null, name => name == t, quantizeWeights: false);
            var d = Describe(one, chips).Select((v, i) => Distance(v, reference[i])).Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t}\t{d[d.Length / 2]:F4}\t{d[^1]:F4}"));
            output.Flush();
        }
    }

    /// <summary>Descriptors of the chips (interleaved RGB 150x150 back to back) under a model, ONNX Runtime defaults, one thread.</summary>
    public static float[][] Describe(ModelProto model, byte[] chips)
    {
        const int ChipBytes = 150 * 150 * 3;
        using var so = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 };
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(model.ToByteArray(), so);
        int count = chips.Length / ChipBytes;
        var result = new float[count][];
        using var run = new Microsoft.ML.OnnxRuntime.RunOptions();
        for (int k = 0; k < count; k++)
        {
            var planar = new float[ChipBytes];
            for (int i = 0; i < 150 * 150; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    planar[(c * 150 * 150) + i] = chips[(k * ChipBytes) + (i * 3) + c];
                }
            }

            using var tensor = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(planar, [1, 3, 150, 150]);
            using var results = session.Run(run, ["input"], [tensor], ["descriptor"]);
            result[k] = results[0].GetTensorDataAsSpan<float>().ToArray();
        }

        return result;
    }

    private static double Distance(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (a[i] - b[i]) * (double)(a[i] - b[i]);
        }

        return Math.Sqrt(s);
    }

    /// <summary>Writes the ranges (and how they were obtained) as JSON with invariant round-trip numbers.</summary>
    public static void WriteRanges(string path, IReadOnlyDictionary<string, (double Min, double Max)> ranges, string method, IEnumerable<string> order)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("method", method);
        w.WriteStartObject("ranges");
        foreach (string name in order)
        {
            var (lo, hi) = ranges[name];
            w.WriteStartArray(name);
            w.WriteNumberValue((float)lo);
            w.WriteNumberValue((float)hi);
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static double Cut(long[] hist, double extent, double percentile)
    {
        long total = hist.Sum();
        if (total == 0 || extent <= 0)
        {
            return 0;
        }

        long keep = (long)Math.Ceiling(total * percentile / 100.0);
        long seen = 0;
        for (int i = 0; i < hist.Length; i++)
        {
            seen += hist[i];
            if (seen >= keep)
            {
                return extent * (i + 1) / hist.Length;
            }
        }

        return extent;
    }

    private static Dictionary<string, List<NodeProto>> Consumers(GraphProto g)
    {
        var map = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (NodeProto n in g.Node)
        {
            foreach (string i in n.Input)
            {
                if (!map.TryGetValue(i, out var list))
                {
                    map[i] = list = [];
                }

                list.Add(n);
            }
        }

        return map;
    }

    private static float[] Floats(TensorProto t)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float || t.RawData.Length == 0)
        {
            throw new InvalidDataException($"Initializer '{t.Name}' is not raw float32.");
        }

        ReadOnlySpan<byte> raw = t.RawData.Span;
        var f = new float[raw.Length / 4];
        for (int i = 0; i < f.Length; i++)
        {
            f[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
        }

        return f;
    }

    private static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        }

        return RawTensor(name, TensorProto.Types.DataType.Float, raw, dims);
    }

    private static TensorProto RawTensor(string name, TensorProto.Types.DataType type, byte[] raw, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        t.Dims.AddRange(dims);
        return t;
    }

    private static NodeProto Dq(string name, string x, string scale, string zero, int? axis, string? output = null)
    {
        var n = new NodeProto { OpType = "DequantizeLinear", Name = name };
        n.Input.AddRange([x, scale, zero]);
        n.Output.Add(output ?? name);
        if (axis is int a)
        {
            n.Attribute.Add(OnnxGraphBuilder.Int("axis", a));
        }

        return n;
    }

    /// <summary>Formats a float for metadata.</summary>
    public static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>The int8 modes of the exporter: calibration ranges, then the QDQ model, both from the float model in a models folder.</summary>
internal static class RecognitionInt8Export
{
    private const int ChipBytes = 150 * 150 * 3;

    /// <summary>Records the activation ranges of every <paramref name="every"/>-th chip of <paramref name="chipsFile"/> into <paramref name="rangesPath"/>.</summary>
    public static void Calibrate(string modelsDir, string chipsFile, int every, double percentile, string rangesPath)
    {
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(modelsDir, ModelExporter.RecognitionFile)));
        byte[] all = File.ReadAllBytes(chipsFile);
        int count = all.Length / ChipBytes;
        var picked = new List<byte>();
        int used = 0;
        for (int k = 0; k < count; k += every)
        {
            picked.AddRange(all.AsSpan(k * ChipBytes, ChipBytes).ToArray());
            used++;
        }

        var ranges = RecognitionInt8.Calibrate(model, [.. picked], percentile);
        string method = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(percentile >= 100 ? "min/max" : $"percentile {percentile} of |values| per sign")} over {used} chips (every {every}th of {Path.GetFileName(chipsFile)}, {count} chips)");
        RecognitionInt8.WriteRanges(rangesPath, ranges, method, RecognitionInt8.QuantizedTensors(model).Skip(1));
    }

    /// <summary>
    /// The uint8 grid of every quantized convolution filter of the face-api manifest, keyed by the exported Conv's
    /// weight initializer (<c>prefix/conv/filters</c> -&gt; <c>prefix.weight</c>): <c>q - zero</c> per weight in OIHW
    /// order (the TF.js value is <c>q * scale + min</c> and <c>-min / scale</c> is a whole number, the zero point).
    /// </summary>
    public static Dictionary<string, (int[] Q, int Zero)> Grids(string manifestPath)
    {
        var weights = TfjsWeights.Load(manifestPath);
        var grids = new Dictionary<string, (int[] Q, int Zero)>(StringComparer.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        foreach (var group in doc.RootElement.EnumerateArray())
        {
            foreach (var w in group.GetProperty("weights").EnumerateArray())
            {
                string name = w.GetProperty("name").GetString()!;
                if (!name.EndsWith("/conv/filters", StringComparison.Ordinal) || !w.TryGetProperty("quantization", out var qn))
                {
                    continue;
                }

                double scale = qn.GetProperty("scale").GetDouble(), min = qn.GetProperty("min").GetDouble();
                double zero = -min / scale;
                if (Math.Abs(zero - Math.Round(zero)) > 1e-6 || Math.Round(zero) is < 0 or > 255)
                {
                    continue; // not an integer zero point: left to the symmetric int8 scheme
                }

                TfjsTensor t = weights[name];
                int kh = t.Shape[0], kw = t.Shape[1], cin = t.Shape[2], cout = t.Shape[3];
                var q = new int[t.Data.Length];
                for (int o = 0; o < cout; o++)
                {
                    for (int i = 0; i < cin; i++)
                    {
                        for (int y = 0; y < kh; y++)
                        {
                            for (int x = 0; x < kw; x++)
                            {
                                double v = t.Data[(((((y * kw) + x) * cin) + i) * cout) + o];
                                q[(((((o * cin) + i) * kh) + y) * kw) + x] = (int)Math.Round((v - min) / scale) - (int)Math.Round(zero);
                            }
                        }
                    }
                }

                grids[name[..^"/conv/filters".Length] + ".weight"] = (q, (int)Math.Round(zero));
            }
        }

        return grids;
    }

    /// <summary>Writes <see cref="RecognitionInt8.Int8File"/> next to the float model; returns (file name, sha256).</summary>
    /// <param name="modelsDir">The folder with the float model; the int8 model is written there.</param>
    /// <param name="rangesPath">The ranges written by <see cref="Calibrate"/>.</param>
    /// <param name="faceApiModelDir">Optional: face-api's model folder, for the exact uint8 weight grids.</param>
    /// <param name="keepFloat">Activations whose names start with one of these stay float32 (a mixed-precision
    /// experiment; a Conv whose input stays float stays float).</param>
    public static (string File, string Sha256) Export(string modelsDir, string rangesPath, string? faceApiModelDir, IReadOnlyList<string>? keepFloat = null)
    {
        byte[] fp32 = File.ReadAllBytes(Path.Combine(modelsDir, ModelExporter.RecognitionFile));
        ModelProto model = ModelProto.Parser.ParseFrom(fp32);
        string method;
        using (var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(rangesPath)))
        {
            method = doc.RootElement.GetProperty("method").GetString() ?? string.Empty;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["int8_source_sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(fp32)),
            ["int8_scheme"] = "QDQ: activations uint8 per tensor, weights int8 symmetric per output channel, biases int32; head (pool, fc) float32",
            ["int8_calibration"] = method,
        };
        IReadOnlyDictionary<string, (int[] Q, int Zero)>? grids = null;
        if (faceApiModelDir is not null)
        {
            grids = Grids(Path.Combine(faceApiModelDir, "face_recognition_model-weights_manifest.json"));
            metadata["int8_weights"] = $"{grids.Count} convolutions on the source's uint8 grid (exact), the rest int8 symmetric per output channel";
        }

        Func<string, bool>? only = null;
        if (keepFloat is { Count: > 0 })
        {
            only = t => !keepFloat.Any(p => t.StartsWith(p, StringComparison.Ordinal));
            metadata["int8_kept_float"] = string.Join(",", keepFloat);
        }

        ModelProto q = RecognitionInt8.Quantize(model, RecognitionInt8.ReadRanges(rangesPath), metadata, grids, only);
        return (RecognitionInt8.Int8File, ExportedModel.Write(q, Path.Combine(modelsDir, RecognitionInt8.Int8File)));
    }
}
