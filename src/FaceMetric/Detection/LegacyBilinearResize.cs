using FaceMetric.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Detection;

/// <summary>
/// TensorFlow's legacy bilinear resize (<c>tf.image.resizeBilinear</c> with alignCorners = false and
/// halfPixelCenters = false), the resize face-api applies before every net, fused with its zero padding to a square.
/// </summary>
/// <remarks>
/// For an output of side n from a square of side s: ratio = s / n; output row r samples source row
/// y = r * ratio, y0 = floor(y), y1 = min(ceil(y), s - 1), fy = y - y0 (likewise for columns);
/// top = p(y0,x0) + (p(y0,x1) - p(y0,x0)) * fx, bottom likewise on y1, value = top + (bottom - top) * fy.
/// No antialiasing and no half-pixel shift, so it differs from ImageSharp's, OpenCV's and System.Drawing's resizes.
/// Values stay float (0..255, not rounded), as face-api passes them to the nets.
/// </remarks>
internal static class LegacyBilinearResize
{
    /// <summary>
    /// Samples <paramref name="window"/> of <paramref name="image"/> at <paramref name="outSize"/> x
    /// <paramref name="outSize"/> into <paramref name="planar"/> as three planes R, G, B (CHW), values 0..255.
    /// </summary>
    /// <param name="image">The source image.</param>
    /// <param name="window">The square window; its content must lie inside the image.</param>
    /// <param name="outSize">Output side, 1 or more.</param>
    /// <param name="planar">Exactly 3 * outSize * outSize floats.</param>
    public static void ToPlanar(Image<Rgb24> image, SquareWindow window, int outSize, Memory<float> planar)
    {
        PixelBox content = window.Content;
        if (content.X < 0 || content.Y < 0 || content.Width < 1 || content.Height < 1
            || content.X + content.Width > image.Width || content.Y + content.Height > image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window content must be a non-empty rectangle inside the image.");
        }

        if (planar.Length != 3 * outSize * outSize)
        {
            throw new ArgumentException($"Expected {3 * outSize * outSize} floats, got {planar.Length}.", nameof(planar));
        }

        var columns = Taps.Create(window.Side, outSize, window.Left, content.X, content.Width);
        var rows = Taps.Create(window.Side, outSize, window.Top, content.Y, content.Height);
        var top = new float[outSize * 3];
        var bottom = new float[outSize * 3];
        image.ProcessPixelRows(accessor =>
        {
            Span<float> dst = planar.Span;
            int plane = outSize * outSize;
            for (int r = 0; r < outSize; r++)
            {
                InterpolateRow(accessor, rows.First[r], columns, top);
                InterpolateRow(accessor, rows.Second[r], columns, bottom);
                float fy = rows.Fraction[r];
                Span<float> red = dst.Slice(r * outSize, outSize);
                Span<float> green = dst.Slice(plane + (r * outSize), outSize);
                Span<float> blue = dst.Slice((2 * plane) + (r * outSize), outSize);
                for (int c = 0, k = 0; c < outSize; c++, k += 3)
                {
                    red[c] = top[k] + ((bottom[k] - top[k]) * fy);
                    green[c] = top[k + 1] + ((bottom[k + 1] - top[k + 1]) * fy);
                    blue[c] = top[k + 2] + ((bottom[k + 2] - top[k + 2]) * fy);
                }
            }
        });
    }

    /// <summary>Horizontal pass for one source row (-1: a padding row, all zero), interleaved RGB out.</summary>
    private static void InterpolateRow(PixelAccessor<Rgb24> accessor, int imageRow, Taps columns, Span<float> output)
    {
        if (imageRow < 0)
        {
            output.Clear();
            return;
        }

        ReadOnlySpan<Rgb24> row = accessor.GetRowSpan(imageRow);
        for (int c = 0, k = 0; c < columns.First.Length; c++, k += 3)
        {
            int a = columns.First[c], b = columns.Second[c];
            Rgb24 left = a >= 0 ? row[a] : default;
            Rgb24 right = b >= 0 ? row[b] : default;
            float fx = columns.Fraction[c];
            output[k] = left.R + ((right.R - left.R) * fx);
            output[k + 1] = left.G + ((right.G - left.G) * fx);
            output[k + 2] = left.B + ((right.B - left.B) * fx);
        }
    }

    /// <summary>Per output index: the two source indices in image coordinates (-1 where they fall in the padding) and the fraction.</summary>
    private sealed record Taps(int[] First, int[] Second, float[] Fraction)
    {
        public static Taps Create(int side, int outSize, int windowStart, int contentStart, int contentLength)
        {
            var first = new int[outSize];
            var second = new int[outSize];
            var fraction = new float[outSize];
            double ratio = (double)side / outSize;
            for (int i = 0; i < outSize; i++)
            {
                double src = ratio * i;
                int lo = (int)Math.Floor(src);
                int hi = Math.Min((int)Math.Ceiling(src), side - 1);
                first[i] = ToImage(lo);
                second[i] = ToImage(hi);
                fraction[i] = (float)(src - lo);
            }

            return new Taps(first, second, fraction);

            int ToImage(int windowIndex)
            {
                int image = windowStart + windowIndex;
                return image >= contentStart && image < contentStart + contentLength ? image : -1;
            }
        }
    }
}
