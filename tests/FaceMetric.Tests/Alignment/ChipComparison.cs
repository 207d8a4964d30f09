using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Alignment;

/// <summary>Per-channel differences between two RGB images of the same size.</summary>
internal readonly record struct ChipComparison(double MeanAbsoluteDifference, int MaxAbsoluteDifference, int DifferingBytes)
{
    public static ChipComparison Compare(Image<Rgb24> actual, Image<Rgb24> expected)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        long sum = 0;
        int max = 0, differing = 0;
        for (int y = 0; y < expected.Height; y++)
        {
            for (int x = 0; x < expected.Width; x++)
            {
                Rgb24 a = actual[x, y], e = expected[x, y];
                foreach (int d in (ReadOnlySpan<int>)[Math.Abs(a.R - e.R), Math.Abs(a.G - e.G), Math.Abs(a.B - e.B)])
                {
                    sum += d;
                    max = Math.Max(max, d);
                    differing += d > 0 ? 1 : 0;
                }
            }
        }

        return new ChipComparison(sum / (3.0 * expected.Width * expected.Height), max, differing);
    }
}
