using FaceMetric.Detection;
using FaceMetric.Geometry;

namespace FaceMetric.Tests.Detection.Hog;

/// <summary>
/// The scalar <c>DlibBilinearResize</c> as it was before vectorisation (kept verbatim as the reference the fast
/// code is compared against, byte for byte): dlib's <c>resize_image(in, out, interpolate_bilinear())</c> for RGB images, bit for bit as dlib 19.24 compiles it
/// for x86-64 (SSE2): output pixel (c, r) samples input position (c * sx, r * sy) with sx = (in.cols - 1) / (out.cols - 1);
/// columns are taken four at a time in float arithmetic (positions accumulated in float, truncated to ints, weights
/// multiplied out, sum truncated), the columns left over at the right end in double arithmetic. Also the two pyramid
/// steps dlib's HOG detector uses: <c>pyramid_up</c> (by pyramid_down&lt;2&gt;'s geometry) and
/// <c>pyramid_down&lt;6&gt;</c>.
/// </summary>
internal static class ScalarReferenceResize
{
    /// <summary>dlib's <c>pyramid_up(img)</c>: about twice the size, (2h + 1) x (2w + 2) pixels.</summary>
    public static RgbRaster PyramidUp(RgbRaster source)
    {
        if (source.Width == 0 || source.Height == 0)
        {
            return new RgbRaster(0, 0);
        }

        // pyramid_down<2>::rect_up of the image rectangle: corners (p + (1.25, 0.75)) * 2, rounded as dlib rounds.
        long right = DlibRounding.Round(((source.Width - 1) + 1.25) * 2);
        long bottom = DlibRounding.Round(((source.Height - 1) + 0.75) * 2);
        var result = new RgbRaster(checked((int)(right + 1)), checked((int)(bottom + 1)));
        Resize(source, result);
        return result;
    }

    /// <summary>dlib's <c>pyramid_down&lt;6&gt;</c>: (5h / 6) x (5w / 6) pixels (integer division).</summary>
    public static RgbRaster PyramidDown6(RgbRaster source)
    {
        var result = new RgbRaster((int)((5L * source.Width) / 6), (int)((5L * source.Height) / 6));
        Resize(source, result);
        return result;
    }

    /// <summary>Resizes <paramref name="source"/> into <paramref name="destination"/>'s size.</summary>
    public static void Resize(RgbRaster source, RgbRaster destination)
    {
        int inW = source.Width, inH = source.Height, outW = destination.Width, outH = destination.Height;
        if (outW == 0 || outH == 0 || inW == 0 || inH == 0)
        {
            return;
        }

        ReadOnlySpan<byte> src = source.Pixels;
        Span<byte> dst = destination.Pixels;
        double xScale = (inW - 1) / (double)Math.Max(outW - 1, 1);
        double yScale = (inH - 1) / (double)Math.Max(outH - 1, 1);

        // The column positions are the same on every row: dlib's four-lane float accumulation gives, per column of
        // the vector part, a left neighbour and a float fraction; the columns after the first group whose right
        // neighbour would leave the image go through dlib's double-precision tail instead.
        var left = new int[outW];
        var lrF = new float[outW];
        var invLrF = new float[outW];
        var lrD = new double[outW];
        var right = new int[outW];
        int vectorEnd = DlibColumnWalk.VectorColumns(xScale, inW, outW, left, lrF, invLrF);
        double x = -xScale + (vectorEnd * xScale);
        for (int c = vectorEnd; c < outW; c++)
        {
            x += xScale;
            left[c] = (int)Math.Floor(x);
            right[c] = Math.Min(left[c] + 1, inW - 1);
            lrD[c] = x - left[c];
        }

        double y = -yScale;
        for (int r = 0; r < outH; r++)
        {
            y += yScale;
            int top = (int)Math.Floor(y);
            int bottom = Math.Min(top + 1, inH - 1);
            double tbFrac = y - top;
            float tb = (float)tbFrac;
            float invTb = (float)(1 - tbFrac);
            ReadOnlySpan<byte> topRow = src.Slice(top * inW * 3, inW * 3);
            ReadOnlySpan<byte> bottomRow = src.Slice(bottom * inW * 3, inW * 3);
            Span<byte> outRow = dst.Slice(r * outW * 3, outW * 3);
            for (int c = 0; c < vectorEnd; c++)
            {
                float lr = lrF[c], invLr = invLrF[c];
                float tlf = invTb * invLr, trf = invTb * lr, blf = tb * invLr, brf = tb * lr;
                int l = left[c] * 3, o = c * 3;
                for (int ch = 0; ch < 3; ch++)
                {
                    float v = (tlf * topRow[l + ch]) + (trf * topRow[l + 3 + ch]);
                    v += blf * bottomRow[l + ch];
                    v += brf * bottomRow[l + 3 + ch];
                    outRow[o + ch] = (byte)(int)v;
                }
            }

            for (int c = vectorEnd; c < outW; c++)
            {
                int l = left[c] * 3, rt = right[c] * 3, o = c * 3;
                double lr = lrD[c];
                for (int ch = 0; ch < 3; ch++)
                {
                    double v = ((1 - tbFrac) * (((1 - lr) * topRow[l + ch]) + (lr * topRow[rt + ch])))
                        + (tbFrac * (((1 - lr) * bottomRow[l + ch]) + (lr * bottomRow[rt + ch])));
                    outRow[o + ch] = (byte)(int)v;
                }
            }
        }
    }
}
