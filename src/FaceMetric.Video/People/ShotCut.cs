using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Video.People;

/// <summary>
/// Colour histograms of frames, to tell a cut between shots from motion within one: a cut changes what is on screen,
/// and with it the histogram; a moving head or camera mostly moves the same colours around.
/// </summary>
internal static class ShotCut
{
    /// <summary>Bins per channel.</summary>
    public const int Bins = 16;

    /// <summary>Every Step-th pixel of every Step-th row is counted (640x360: 14,400 pixels).</summary>
    private const int Step = 4;

    /// <summary>The frame's normalised R, G and B histograms, <see cref="Bins"/> each, one after the other.</summary>
    public static float[] Histogram(Image<Rgb24> image)
    {
        var counts = new int[3 * Bins];
        int n = 0;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y += Step)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x += Step)
                {
                    Rgb24 p = row[x];
                    counts[p.R >> 4]++;
                    counts[Bins + (p.G >> 4)]++;
                    counts[(2 * Bins) + (p.B >> 4)]++;
                    n++;
                }
            }
        });
        var histogram = new float[3 * Bins];
        for (int i = 0; i < histogram.Length; i++)
        {
            histogram[i] = n == 0 ? 0 : counts[i] / (float)n;
        }

        return histogram;
    }

    /// <summary>Half the L1 distance of two histograms, averaged over the three channels: in [0, 1].</summary>
    public static float Difference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum / 6f;
    }
}
