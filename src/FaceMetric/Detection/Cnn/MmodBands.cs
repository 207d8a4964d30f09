namespace FaceMetric.Detection.Cnn;

/// <summary>
/// One network run over a band of the tiled pyramid's rows: the input rows it reads and which of its output rows are
/// kept (those far enough from a cut for the padded convolutions to see what they see in the whole image).
/// </summary>
/// <param name="InputTop">First input row of the band.</param>
/// <param name="InputRows">Input rows of the band.</param>
/// <param name="OutputTop">The whole image's output row that the band's first output row is.</param>
/// <param name="KeepFrom">First of the band's output rows kept.</param>
/// <param name="KeepRows">Output rows kept.</param>
internal readonly record struct MmodBand(int InputTop, int InputRows, int OutputTop, int KeepFrom, int KeepRows);

/// <summary>
/// Cuts a large tiled pyramid into bands of rows, each run through the network on its own, so that a large photo's
/// activations are those of a band, not of the whole image (a 900 x 916 photo upsampled once tiles into about 12
/// megapixels, and its activations took about 0.4 GB, each page faulted in). The scores are those of one run over the
/// whole image: dlib's face network starts with three unpadded 5 x 5 convolutions of stride 2 (output row p of the
/// third reads input rows 8p to 8p + 28, so a band starting at a multiple of 8 gives the whole image's rows), and then
/// has four padded ones of stride 1 (three 5 x 5 padded 2, one 9 x 9 padded 4), through which an output row depends
/// on the downsampled rows within 10 of it: each band carries 10 rows of context past each cut and drops their
/// outputs. Networks of another geometry are run whole.
/// </summary>
internal static class MmodBands
{
    /// <summary>How far, in downsampled rows, the padded convolutions of dlib's face network reach: 2 + 2 + 2 + 4.</summary>
    public const int Reach = 10;

    /// <summary>dlib's face network: output p maps to input 8p + 14, and the smallest input is 29 rows.</summary>
    private const int Stride = 8;
    private const int Receptive = 29;
    private const int Offset = 14;

    /// <summary>
    /// The bands for a tiled image of <paramref name="rows"/> x <paramref name="cols"/>, each reading about
    /// <paramref name="maxPixelsPerRun"/> input pixels or fewer (never fewer than the rows 21 output rows need); one band
    /// (the whole image) when it fits or the network is not dlib's face network's geometry.
    /// </summary>
    public static IReadOnlyList<MmodBand> Plan(int rows, int cols, MmodSettings settings, long maxPixelsPerRun)
    {
        int outputs = rows >= Receptive ? ((rows - Receptive) / Stride) + 1 : 0;
        bool knownGeometry = settings.OutputScale == Stride && settings.OutputOffset == Offset && settings.MinInputSize == Receptive;
        long perRun = Math.Max(maxPixelsPerRun / Math.Max(cols, 1), Receptive + (Stride * 2 * Reach));
        int runOutputs = (int)Math.Min(int.MaxValue, ((perRun - Receptive) / Stride) + 1);
        if (!knownGeometry || outputs <= runOutputs)
        {
            return [new MmodBand(0, rows, 0, 0, outputs)];
        }

        int keep = runOutputs - (2 * Reach);
        var bands = new List<MmodBand>();
        for (int first = 0; first < outputs; first += keep)
        {
            int last = Math.Min(outputs, first + keep);
            int from = Math.Max(0, first - Reach), to = Math.Min(outputs, last + Reach);
            bands.Add(new MmodBand(Stride * from, (Stride * (to - from - 1)) + Receptive, from, first - from, last - first));
        }

        return bands;
    }
}
