using System.Buffers.Binary;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// dlib's frontal face detector (<c>get_frontal_face_detector()</c>: five HOG filters over a pyramid_down&lt;6&gt;
/// pyramid) as FaceMetric's <c>.hog</c> file holds it: scanner settings, the overlap test of its non-maximum
/// suppression, and per filter its bias and the separable filter bank dlib's <c>build_fhog_filterbank</c> makes.
/// Immutable once read.
/// </summary>
/// <remarks>
/// File layout, little-endian: magic <c>FMHOG\0\0\x01</c>; int32 cell size, padding, window width, window height,
/// filter width, filter height, max pyramid levels, min level width, min level height; float64 IoU threshold,
/// percent-covered threshold; int32 plane count (31), filter count; per filter: float64 bias, then per plane the full
/// filter (height x width float32, row-major) and an int32 count of separable terms, each a column filter (height
/// float32) and a row filter (width float32). Written by <c>tools/dlib-hog</c> from dlib 19.24's own detector.
/// </remarks>
internal sealed class HogModel
{
    private static ReadOnlySpan<byte> Magic => "FMHOG\0\0\u0001"u8;

    private HogModel(int cellSize, int padding, int filterWidth, int filterHeight, int maxLevels, int minLevelWidth,
        int minLevelHeight, double iouThreshold, double coveredThreshold, HogFilter[] filters)
    {
        CellSize = cellSize;
        Padding = padding;
        FilterWidth = filterWidth;
        FilterHeight = filterHeight;
        MaxPyramidLevels = maxLevels;
        MinLevelWidth = minLevelWidth;
        MinLevelHeight = minLevelHeight;
        IouThreshold = iouThreshold;
        CoveredThreshold = coveredThreshold;
        Filters = filters;
    }

    public int CellSize { get; }

    public int Padding { get; }

    /// <summary>Filter width in cells (dlib's fhog window width, padding included).</summary>
    public int FilterWidth { get; }

    /// <summary>Filter height in cells.</summary>
    public int FilterHeight { get; }

    public int MaxPyramidLevels { get; }

    public int MinLevelWidth { get; }

    public int MinLevelHeight { get; }

    public double IouThreshold { get; }

    public double CoveredThreshold { get; }

    public IReadOnlyList<HogFilter> Filters { get; }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="FaceModelException">The file is missing, unreadable, truncated or not a .hog model.</exception>
    public static HogModel Load(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new FaceModelException(path, $"cannot read the HOG detector model: {e.Message}", e);
        }

        try
        {
            return Parse(data, path);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FaceModelException(path, "the HOG detector model is truncated.", e);
        }
    }

    private static HogModel Parse(byte[] data, string path)
    {
        if (data.Length < Magic.Length || !data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new FaceModelException(path, "not a FaceMetric HOG detector model (bad magic bytes).");
        }

        int at = Magic.Length;
        int cell = Int(data, ref at), padding = Int(data, ref at), windowW = Int(data, ref at), windowH = Int(data, ref at);
        int fw = Int(data, ref at), fh = Int(data, ref at), maxLevels = Int(data, ref at);
        int minW = Int(data, ref at), minH = Int(data, ref at);
        double iou = Double(data, ref at), covered = Double(data, ref at);
        int planes = Int(data, ref at), count = Int(data, ref at);
        Require(cell is >= 2 and <= 64, path, $"cell size {cell} is outside 2..64");
        Require(fw is >= 1 and <= 64 && fh is >= 1 and <= 64, path, $"filter size {fw}x{fh} is outside 1..64");
        Require(padding >= 0 && fw - (2 * padding) >= 1 && fh - (2 * padding) >= 1, path, $"padding {padding} leaves no detection window");
        Require(windowW > 0 && windowH > 0, path, "the detection window is empty");
        Require(maxLevels >= 1 && minW >= 1 && minH >= 1, path, "pyramid limits must be positive");
        Require(iou is >= 0 and <= 1 && covered is >= 0 and <= 1, path, "overlap thresholds must be in [0, 1]");
        Require(planes == FhogFeatures.PlaneCount, path, $"{planes} feature planes, expected {FhogFeatures.PlaneCount}");
        Require(count is >= 1 and <= 64, path, $"{count} filters, expected 1..64");
        var filters = new HogFilter[count];
        for (int d = 0; d < count; d++)
        {
            double bias = Double(data, ref at);
            Require(double.IsFinite(bias), path, $"filter {d} has a non-finite bias");
            var terms = new HogFilter.SeparableTerm[planes][];
            for (int p = 0; p < planes; p++)
            {
                at += fw * fh * sizeof(float); // the full filter: FaceMetric runs the separable form, as dlib does here
                int n = Int(data, ref at);
                Require(n >= 0 && n <= Math.Min(fw, fh), path, $"filter {d} plane {p} has {n} separable terms");
                terms[p] = new HogFilter.SeparableTerm[n];
                for (int j = 0; j < n; j++)
                {
                    float[] col = Floats(data, ref at, fh, path);
                    float[] row = Floats(data, ref at, fw, path);
                    terms[p][j] = new HogFilter.SeparableTerm(row, col);
                }
            }

            filters[d] = new HogFilter(bias, terms);
        }

        Require(at == data.Length, path, $"{data.Length - at} unexpected bytes after the last filter");
        return new HogModel(cell, padding, fw, fh, maxLevels, minW, minH, iou, covered, filters);
    }

    private static int Int(byte[] data, ref int at)
    {
        int v = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at, 4));
        at += 4;
        return v;
    }

    private static double Double(byte[] data, ref int at)
    {
        double v = BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(at, 8));
        at += 8;
        return v;
    }

    private static float[] Floats(byte[] data, ref int at, int count, string path)
    {
        var v = new float[count];
        for (int i = 0; i < count; i++)
        {
            v[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(at, 4));
            at += 4;
            Require(float.IsFinite(v[i]), path, "a filter value is not finite");
        }

        return v;
    }

    private static void Require(bool condition, string path, string reason)
    {
        if (!condition)
        {
            throw new FaceModelException(path, $"invalid HOG detector model: {reason}.");
        }
    }
}
