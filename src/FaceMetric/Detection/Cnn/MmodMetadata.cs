using System.Globalization;

namespace FaceMetric.Detection.Cnn;

/// <summary>
/// The metadata keys of the exported MMOD model (written by FaceMetric.ModelExport's CnnDetectorExporter, read by
/// <see cref="CnnFaceDetector"/>), and the output-to-input geometry of the convolution stack.
/// </summary>
internal static class MmodMetadata
{
    public const string Windows = "mmod.detector_windows";
    public const string NmsIou = "mmod.overlaps_nms.iou_thresh";
    public const string NmsCovered = "mmod.overlaps_nms.percent_covered_thresh";
    public const string PyramidPadding = "mmod.pyramid_padding";
    public const string PyramidOuterPadding = "mmod.pyramid_outer_padding";
    public const string Means = "mmod.input_means_rgb";
    public const string OutputScale = "mmod.output_to_input_scale";
    public const string OutputOffset = "mmod.output_to_input_offset";
    public const string MinInputSize = "mmod.min_input_size";

    /// <summary>
    /// dlib's <c>output_tensor_to_input_tensor</c> for this stack: each <c>con_</c> maps an output coordinate p to
    /// <c>p * stride - padding + kernel / 2</c>, applied from the top layer down. Returns (scale, offset): for dlib's
    /// face detector (three stride-2 5x5 convolutions without padding) (8, 14).
    /// </summary>
    public static (double Scale, double Offset) OutputToInput(IReadOnlyList<MmodConvLayer> layers)
    {
        double scale = 1, offset = 0;
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            // p_in = (scale * p + offset) * stride - padding + kernel / 2
            offset = layers[i].OutputToInput(offset, rows: true);
            scale *= layers[i].Stride;
        }

        return (scale, offset);
    }

    /// <summary>The smallest input side for which every convolution has at least one output: 29 for dlib's face detector.</summary>
    public static int MinimumInputSize(IReadOnlyList<MmodConvLayer> layers)
    {
        long size = 1;
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            size = Math.Max(1, ((size - 1) * layers[i].Stride) + Math.Max(layers[i].KernelRows, layers[i].KernelCols) - (2 * layers[i].Padding));
        }

        return (int)size;
    }

    /// <summary>Reads the settings from a model's metadata.</summary>
    /// <exception cref="FaceModelException">A key is missing or malformed (not a FaceMetric MMOD export).</exception>
    public static MmodSettings Parse(IReadOnlyDictionary<string, string> metadata, string modelPath)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string Get(string key) => metadata.TryGetValue(key, out string? v)
            ? v
            : throw new FaceModelException(modelPath, $"its metadata has no '{key}' (not an MMOD detector exported by FaceMetric.ModelExport).");
        double Number(string key) => double.TryParse(Get(key), NumberStyles.Float, c, out double d) && double.IsFinite(d)
            ? d
            : throw new FaceModelException(modelPath, $"metadata '{key}' is not a number.");
        int Integer(string key) => int.TryParse(Get(key), NumberStyles.Integer, c, out int i) && i >= 0
            ? i
            : throw new FaceModelException(modelPath, $"metadata '{key}' is not a non-negative integer.");

        var windows = new List<(int, int)>();
        foreach (string w in Get(Windows).Split(';'))
        {
            string[] parts = w.Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.Integer, c, out int width) || !int.TryParse(parts[1], NumberStyles.Integer, c, out int height)
                || width < 1 || height < 1)
            {
                throw new FaceModelException(modelPath, $"metadata '{Windows}' has a malformed window '{w}'.");
            }

            windows.Add((width, height));
        }

        string[] means = Get(Means).Split(' ');
        var meanValues = new float[3];
        if (means.Length != 3 || !means.Select((m, i) => float.TryParse(m, NumberStyles.Float, c, out meanValues[i])).All(ok => ok))
        {
            throw new FaceModelException(modelPath, $"metadata '{Means}' is not three numbers.");
        }

        return new MmodSettings(
            windows,
            Number(NmsIou),
            Number(NmsCovered),
            Integer(PyramidPadding),
            Integer(PyramidOuterPadding),
            meanValues,
            Number(OutputScale),
            Number(OutputOffset),
            Integer(MinInputSize));
    }
}
