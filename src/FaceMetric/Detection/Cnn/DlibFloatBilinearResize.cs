using FaceMetric.Geometry;

namespace FaceMetric.Detection.Cnn;

/// <summary>
/// dlib's <c>resize_image(in, out, interpolate_bilinear())</c> for float grayscale images (dlib/image_transforms/
/// interpolation.h), which dlib's CPU <c>tt::resize_bilinear</c> runs on every channel of a tensor: output pixel
/// (c, r) samples input position (c * sx, r * sy), sx = (in.cols - 1) / (out.cols - 1). Columns go four at a time
/// in float (the same column walk as the 8-bit version, <see cref="DlibColumnWalk.VectorColumns"/>: positions
/// accumulated in float, truncated, weights multiplied out, the four products summed left to right); the columns left
/// at the right end use a float column fraction and double row weights, rounded once to float. No fused
/// multiply-adds, as dlib's x86-64 build (SSE2) has none.
/// </summary>
internal static class DlibFloatBilinearResize
{
    /// <summary>Resizes the region <paramref name="from"/> of a plane into its region <paramref name="to"/> (they must not overlap).</summary>
    /// <param name="plane">One channel, row-major, <paramref name="stride"/> values per row.</param>
    /// <param name="stride">Values per row of <paramref name="plane"/>.</param>
    /// <param name="from">The source region (dlib rectangle, inclusive).</param>
    /// <param name="to">The destination region.</param>
    public static void Resize(Span<float> plane, int stride, PixelRect from, PixelRect to)
    {
        int inW = (int)from.Width, inH = (int)from.Height, outW = (int)to.Width, outH = (int)to.Height;
        if (outW == 0 || outH == 0 || inW == 0 || inH == 0)
        {
            return;
        }

        double xScale = (inW - 1) / (double)Math.Max(outW - 1, 1);
        double yScale = (inH - 1) / (double)Math.Max(outH - 1, 1);
        var left = new int[outW];
        var right = new int[outW];
        var lr = new float[outW];
        var invLr = new float[outW];
        int vectorEnd = DlibColumnWalk.VectorColumns(xScale, inW, outW, left, lr, invLr);
        double x = -xScale + (vectorEnd * xScale);
        for (int c = vectorEnd; c < outW; c++)
        {
            x += xScale;
            left[c] = (int)Math.Floor(x);
            right[c] = Math.Min(left[c] + 1, inW - 1);
            lr[c] = (float)(x - left[c]);
        }

        double y = -yScale;
        for (int r = 0; r < outH; r++)
        {
            y += yScale;
            int top = (int)Math.Floor(y);
            int bottom = Math.Min(top + 1, inH - 1);
            double tb = y - top;
            float tbF = (float)tb, invTbF = (float)(1 - tb);
            ReadOnlySpan<float> topRow = plane.Slice((int)(((from.Top + top) * stride) + from.Left), inW);
            ReadOnlySpan<float> bottomRow = plane.Slice((int)(((from.Top + bottom) * stride) + from.Left), inW);
            Span<float> outRow = plane.Slice((int)(((to.Top + r) * stride) + to.Left), outW);
            for (int c = 0; c < vectorEnd; c++)
            {
                float f = lr[c], g = invLr[c];
                float tlf = invTbF * g, trf = invTbF * f, blf = tbF * g, brf = tbF * f;
                int l = left[c];
                float v = (tlf * topRow[l]) + (trf * topRow[l + 1]);
                v += blf * bottomRow[l];
                v += brf * bottomRow[l + 1];
                outRow[c] = v;
            }

            for (int c = vectorEnd; c < outW; c++)
            {
                int l = left[c], rt = right[c];
                float f = lr[c];
                float upper = ((1 - f) * topRow[l]) + (f * topRow[rt]);
                float lower = ((1 - f) * bottomRow[l]) + (f * bottomRow[rt]);
                outRow[c] = (float)(((1 - tb) * upper) + (tb * lower));
            }
        }
    }
}
