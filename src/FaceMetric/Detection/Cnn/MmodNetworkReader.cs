using FaceMetric.IO;

namespace FaceMetric.Detection.Cnn;

/// <summary>
/// Reads a dlib-serialised MMOD network (<c>mmod_human_face_detector.dat</c>) the way dlib 19.24's
/// <c>deserialize(net_type&amp;)</c> does (dlib/dnn/core.h, layers.h, input.h, loss.h): <c>add_loss_layer</c>
/// (version 1, then <c>loss_mmod_</c> and its <c>mmod_options</c>), then one <c>add_layer</c> version per layer from
/// the top down, the input layer, and each layer's details from the input up, each followed by the add_layer's state
/// (three bools and its cached tensors, which are skipped). Layers: <c>con_</c> (versions con_4 and con_5),
/// <c>bn_con2</c> (converted to an affine as dlib's <c>affine_(const bn_&amp;)</c> converts it, in float),
/// <c>affine_2</c> and <c>relu_</c>.
/// </summary>
internal static class MmodNetworkReader
{
    private const string Kind = "dlib MMOD network";

    /// <summary>Reads and checks a network file.</summary>
    /// <exception cref="FaceModelException">The file is missing, truncated, not a dlib network, a dlib network with
    /// another loss layer, or uses layers or options the port does not implement.</exception>
    public static MmodNetwork Read(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FaceModelException(full, "the file does not exist.");
        }

        return Read(File.ReadAllBytes(full), full);
    }

    /// <summary>Reads a network from the bytes of a file.</summary>
    /// <exception cref="FaceModelException">As <see cref="Read(string)"/>.</exception>
    public static MmodNetwork Read(byte[] data, string source)
    {
        var r = new DlibSerializationReader(data, source, Kind);
        if (r.ReadInt() != 1)
        {
            throw r.Corrupt("add_loss_layer version is not 1");
        }

        string loss = r.ReadString(256);
        if (loss != "loss_mmod_")
        {
            throw loss.StartsWith("loss_", StringComparison.Ordinal)
                ? new FaceModelException(source, $"a dlib network whose loss layer is '{loss}', not dlib's MMOD detector (loss_mmod_).")
                : r.Corrupt($"the loss layer is '{Printable(loss)}'");
        }

        var (windows, nmsIou, nmsCovered) = ReadOptions(r, source);

        // One add_layer version per layer, top down, until the input layer's name follows.
        var versions = new List<long>();
        while (true)
        {
            versions.Add(r.ReadInt());
            int mark = r.Position;
            if (PeekIsInputLayer(r))
            {
                r.Position = mark;
                break;
            }

            r.Position = mark;
            if (versions.Count > 1000)
            {
                throw r.Corrupt("no input layer after 1000 layers");
            }
        }

        foreach (long v in versions.Take(versions.Count - 1))
        {
            if (v is < 1 or > 2)
            {
                throw r.Corrupt($"add_layer version {v}");
            }
        }

        long inputVersion = versions[^1];
        if (inputVersion is < 2 or > 3)
        {
            throw r.Corrupt($"input add_layer version {inputVersion}");
        }

        string input = r.ReadString(256);
        if (input is not ("input_rgb_image_pyramid" or "input_rgb_image_pyramid2"))
        {
            throw new FaceModelException(source, $"the network's input layer is '{input}', not input_rgb_image_pyramid.");
        }

        float red = r.ReadFloat(), green = r.ReadFloat(), blue = r.ReadFloat();
        long padding = 10, outerPadding = 11;
        if (input == "input_rgb_image_pyramid2")
        {
            padding = r.ReadInt();
            outerPadding = r.ReadInt();
        }

        if (padding is < 0 or > 1000 || outerPadding is < 0 or > 1000)
        {
            throw r.Corrupt($"pyramid padding {padding} / {outerPadding}");
        }

        var layers = new List<MmodConvLayer>();
        for (int i = versions.Count - 1; i >= 0; i--)
        {
            ReadLayerDetails(r, source, layers);
            r.ReadBool(); // this_layer_setup_called
            r.ReadBool(); // gradient_input_is_stale
            r.ReadBool(); // get_output_and_gradient_input_disabled
            SkipTensor(r); // x_grad
            SkipTensor(r); // cached_output
            if (i == versions.Count - 1)
            {
                SkipTensor(r); // grad_final
                if (inputVersion >= 3)
                {
                    r.ReadInt(); // _sample_expansion_factor
                }
            }
            else if (versions[i] == 2)
            {
                SkipTensor(r); // params_grad
            }
        }

        Validate(source, layers, windows);
        return new MmodNetwork(red, green, blue, (int)padding, (int)outerPadding, layers, windows, nmsIou, nmsCovered);
    }

    private static (List<MmodDetectorWindow> Windows, double NmsIou, double NmsCovered) ReadOptions(DlibSerializationReader r, string source)
    {
        long version = r.ReadInt();
        if (version is < 1 or > 4)
        {
            throw r.Corrupt($"mmod_options version {version}");
        }

        var windows = new List<MmodDetectorWindow>();
        if (version == 1)
        {
            windows.Add(new MmodDetectorWindow(Dimension(r, r.ReadInt()), Dimension(r, r.ReadInt()), string.Empty));
        }
        else
        {
            int count = r.ReadCount(1000);
            for (int i = 0; i < count; i++)
            {
                long wv = r.ReadInt();
                if (wv is not (1 or 2))
                {
                    throw r.Corrupt($"detector_window_details version {wv}");
                }

                int w = Dimension(r, r.ReadInt()), h = Dimension(r, r.ReadInt());
                windows.Add(new MmodDetectorWindow(w, h, wv == 2 ? r.ReadString(1 << 16) : string.Empty));
            }
        }

        r.ReadDouble(); // loss_per_false_alarm
        r.ReadDouble(); // loss_per_missed_target
        r.ReadDouble(); // truth_match_iou_threshold
        double nmsIou = r.ReadDouble(), nmsCovered = r.ReadDouble();
        r.ReadDouble(); // overlaps_ignore
        r.ReadDouble();
        if (version >= 3 && r.ReadByte() != 1)
        {
            throw new FaceModelException(source, "the network was trained without an image pyramid (assume_image_pyramid = no); FaceMetric implements dlib's pyramid detector only.");
        }

        if (version >= 4)
        {
            bool bbr = r.ReadBool();
            r.ReadDouble(); // bbr_lambda
            if (bbr)
            {
                throw new FaceModelException(source, "the network uses bounding box regression, which FaceMetric's MMOD port does not implement.");
            }
        }

        if (windows.Count == 0 || !(nmsIou is >= 0 and <= 1) || !(nmsCovered is >= 0 and <= 1))
        {
            throw r.Corrupt("mmod_options out of range");
        }

        return (windows, nmsIou, nmsCovered);
    }

    /// <summary>Whether a string naming an input layer ("input...") starts here; moves the reader (the caller goes back).</summary>
    private static bool PeekIsInputLayer(DlibSerializationReader r)
    {
        try
        {
            long n = r.ReadInt();
            if (n is < 5 or > 64)
            {
                return false;
            }

            var name = new char[n];
            for (int i = 0; i < name.Length; i++)
            {
                name[i] = (char)r.ReadByte();
            }

            return new string(name).StartsWith("input", StringComparison.Ordinal);
        }
        catch (FaceModelException)
        {
            return false;
        }
    }

    private static void ReadLayerDetails(DlibSerializationReader r, string source, List<MmodConvLayer> layers)
    {
        string kind = r.ReadString(256);
        switch (kind)
        {
            case "con_4" or "con_5":
                layers.Add(ReadConvolution(r, kind == "con_5", layers.Count == 0 ? 3 : layers[^1].Filters));
                break;
            case "bn_con2":
                AttachAffine(r, source, layers, ReadBatchNormAsAffine(r));
                break;
            case "affine_2":
                AttachAffine(r, source, layers, ReadAffine(r));
                break;
            case "relu_":
                if (layers.Count == 0 || layers[^1].Relu)
                {
                    throw new FaceModelException(source, "a relu layer does not follow a convolution; not dlib's MMOD face detector network.");
                }

                layers[^1] = layers[^1] with { Relu = true };
                break;
            default:
                throw kind.Length > 0 && kind.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_')
                    ? new FaceModelException(source, $"the network has a '{kind}' layer; FaceMetric's MMOD port reads con, bn_con, affine and relu layers only.")
                    : r.Corrupt($"layer name '{Printable(kind)}'");
        }
    }

    private static MmodConvLayer ReadConvolution(DlibSerializationReader r, bool hasUseBias, int channels)
    {
        float[] parameters = ReadTensor(r, out _);
        long filters = r.ReadInt(), rows = r.ReadInt(), cols = r.ReadInt();
        long strideY = r.ReadInt(), strideX = r.ReadInt(), padY = r.ReadInt(), padX = r.ReadInt();
        long[] filterShape = ReadAliasTensor(r);
        long[] biasShape = ReadAliasTensor(r);
        for (int i = 0; i < 4; i++)
        {
            r.ReadDouble(); // learning-rate and weight-decay multipliers
        }

        bool useBias = !hasUseBias || r.ReadBool();
        if (filters is < 1 or > 4096 || rows is < 1 or > 64 || cols is < 1 or > 64 || strideY is < 1 or > 16 || strideX != strideY
            || padY != padX || padY < 0 || padY >= rows || padX >= cols)
        {
            throw r.Corrupt($"convolution {filters} x {rows}x{cols} stride {strideY}/{strideX} padding {padY}/{padX}");
        }

        long weightCount = filters * channels * rows * cols;
        if (filterShape[0] * filterShape[1] * filterShape[2] * filterShape[3] != weightCount
            || filterShape[0] != filters || filterShape[1] != channels
            || parameters.Length != weightCount + (useBias ? filters : 0)
            || (useBias && biasShape[0] * biasShape[1] * biasShape[2] * biasShape[3] != filters))
        {
            throw r.Corrupt($"convolution parameters ({parameters.Length} values) do not match {filters} filters of {channels}x{rows}x{cols}");
        }

        float[] weights = parameters[..(int)weightCount];
        float[] bias = useBias ? parameters[(int)weightCount..] : new float[filters];
        return new MmodConvLayer((int)filters, channels, (int)rows, (int)cols, (int)strideY, (int)padY, weights, bias, null, null, Relu: false);
    }

    /// <summary>
    /// <c>bn_con2</c> turned into dlib's affine: <c>gamma / sqrt(running_variance + eps)</c> and
    /// <c>beta - g * running_mean</c>, in float as dlib's matrix expressions compute them (eps converted to float).
    /// </summary>
    private static (float[] Gamma, float[] Beta) ReadBatchNormAsAffine(DlibSerializationReader r)
    {
        float[] parameters = ReadTensor(r, out _);
        ReadAliasTensor(r);
        ReadAliasTensor(r);
        ReadTensor(r, out _); // means (training batch)
        ReadTensor(r, out _); // invstds (training batch)
        float[] runningMeans = ReadTensor(r, out _);
        float[] runningVariances = ReadTensor(r, out _);
        r.ReadInt(); // num_updates
        r.ReadInt(); // running_stats_window_size
        for (int i = 0; i < 4; i++)
        {
            r.ReadDouble();
        }

        float eps = (float)r.ReadDouble();
        int k = runningMeans.Length;
        if (k == 0 || runningVariances.Length != k || parameters.Length != 2 * k)
        {
            throw r.Corrupt("batch normalisation tensors differ in size");
        }

        var g = new float[k];
        var b = new float[k];
        for (int i = 0; i < k; i++)
        {
            g[i] = parameters[i] / MathF.Sqrt(runningVariances[i] + eps);
            b[i] = parameters[k + i] - (g[i] * runningMeans[i]);
        }

        return (g, b);
    }

    private static (float[] Gamma, float[] Beta) ReadAffine(DlibSerializationReader r)
    {
        float[] parameters = ReadTensor(r, out _);
        ReadAliasTensor(r);
        ReadAliasTensor(r);
        long mode = r.ReadInt();
        bool disabled = r.ReadBool();
        if (mode != 0 || disabled || parameters.Length % 2 != 0 || parameters.Length == 0)
        {
            throw r.Corrupt($"affine layer mode {mode}, disabled {disabled}, {parameters.Length} parameters (expected CONV_MODE, enabled)");
        }

        int k = parameters.Length / 2;
        return (parameters[..k], parameters[k..]);
    }

    private static void AttachAffine(DlibSerializationReader r, string source, List<MmodConvLayer> layers, (float[] Gamma, float[] Beta) affine)
    {
        if (layers.Count == 0 || layers[^1].Gamma is not null || layers[^1].Relu)
        {
            throw new FaceModelException(source, "an affine layer does not follow a convolution; not dlib's MMOD face detector network.");
        }

        if (affine.Gamma.Length != layers[^1].Filters)
        {
            throw r.Corrupt($"an affine layer of {affine.Gamma.Length} channels follows {layers[^1].Filters} filters");
        }

        layers[^1] = layers[^1] with { Gamma = affine.Gamma, Beta = affine.Beta };
    }

    private static float[] ReadTensor(DlibSerializationReader r, out long[] shape)
    {
        if (r.ReadInt() != 2)
        {
            throw r.Corrupt("tensor version is not 2");
        }

        shape = [r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt()];
        long count = 1;
        foreach (long d in shape)
        {
            if (d is < 0 or > 1 << 24)
            {
                throw r.Corrupt($"tensor dimension {d}");
            }

            count *= d;
        }

        return r.ReadRawFloats(count);
    }

    private static void SkipTensor(DlibSerializationReader r) => ReadTensor(r, out _);

    private static long[] ReadAliasTensor(DlibSerializationReader r)
    {
        if (r.ReadInt() != 1)
        {
            throw r.Corrupt("alias_tensor version is not 1");
        }

        long[] shape = [r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt()];
        return shape.Any(d => d is < 0 or > 1 << 24) ? throw r.Corrupt("alias_tensor dimension") : shape;
    }

    private static int Dimension(DlibSerializationReader r, long value) =>
        value is >= 1 and <= 100_000 ? (int)value : throw r.Corrupt($"detector window size {value}");

    private static void Validate(string source, List<MmodConvLayer> layers, List<MmodDetectorWindow> windows)
    {
        if (layers.Count == 0)
        {
            throw new FaceModelException(source, "the network has no convolution.");
        }

        if (layers[^1].Filters != windows.Count || layers[^1].Relu)
        {
            throw new FaceModelException(
                source,
                $"the last convolution has {layers[^1].Filters} filters{(layers[^1].Relu ? " and a relu" : string.Empty)}; MMOD scores one plain channel per detector window ({windows.Count}).");
        }
    }

    private static string Printable(string s) =>
        new(s.Take(40).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
