namespace FaceMetric.Detection.Hog;

/// <summary>
/// dlib's <c>resize_image(in, out, interpolate_bilinear())</c> for RGB images, bit for bit as dlib 19.24 compiles it
/// for x86-64 (SSE2): output pixel (c, r) samples input position (c * sx, r * sy) with sx = (in.cols - 1) / (out.cols - 1);
/// columns are taken four at a time in float arithmetic (positions accumulated in float, truncated to ints, weights
/// multiplied out, sum truncated), the columns left over at the right end in double arithmetic. Also the two pyramid
/// steps dlib's HOG detector uses: <c>pyramid_up</c> (by pyramid_down&lt;2&gt;'s geometry) and
/// <c>pyramid_down&lt;6&gt;</c>.
/// </summary>
internal static class DlibBilinearResize
{
    /// <summary>dlib's <c>pyramid_up(img)</c>: about twice the size, (2h + 1) x (2w + 2) pixels.</summary>
    public static RgbRaster PyramidUp(RgbRaster source)
    {
        if (source.Width == 0 || source.Height == 0)
        {
            return new RgbRaster(0, 0);
        }

        // pyramid_down<2>::rect_up of the image rectangle: corners (p + (1.25, 0.75)) * 2, rounded as dlib rounds.
        long right = (long)Math.Floor((((source.Width - 1) + 1.25) * 2) + 0.5);
        long bottom = (long)Math.Floor((((source.Height - 1) + 0.75) * 2) + 0.5);
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

        byte[] src = source.Pixels;
        byte[] dst = destination.Pixels;
        double xScale = (inW - 1) / (double)Math.Max(outW - 1, 1);
        double yScale = (inH - 1) / (double)Math.Max(outH - 1, 1);
        double y = -yScale;
        Span<float> xs = stackalloc float[4];
        Span<int> left = stackalloc int[4];
        Span<float> tlf = stackalloc float[4];
        Span<float> trf = stackalloc float[4];
        Span<float> blf = stackalloc float[4];
        Span<float> brf = stackalloc float[4];
        for (int r = 0; r < outH; r++)
        {
            y += yScale;
            int top = (int)Math.Floor(y);
            int bottom = Math.Min(top + 1, inH - 1);
            double tbFrac = y - top;
            int topRow = top * inW * 3, bottomRow = bottom * inW * 3, outRow = r * outW * 3;
            double x = -4 * xScale;
            float tb = (float)tbFrac;
            float invTb = (float)(1 - tbFrac);
            float step = (float)(4 * xScale);
            xs[0] = (float)x;
            xs[1] = (float)(x + xScale);
            xs[2] = (float)(x + (2 * xScale));
            xs[3] = (float)(x + (3 * xScale));
            int c = 0;
            for (; ; c += 4)
            {
                for (int k = 0; k < 4; k++)
                {
                    xs[k] += step;
                    left[k] = (int)xs[k];
                    float lr = xs[k] - left[k];
                    float invLr = 1 - lr;
                    tlf[k] = invTb * invLr;
                    trf[k] = invTb * lr;
                    blf[k] = tb * invLr;
                    brf[k] = tb * lr;
                }

                if (left[3] + 1 >= inW)
                {
                    break;
                }

                for (int k = 0; k < 4; k++)
                {
                    int l = left[k] * 3, o = outRow + ((c + k) * 3);
                    for (int ch = 0; ch < 3; ch++)
                    {
                        float v = (tlf[k] * src[topRow + l + ch]) + (trf[k] * src[topRow + l + 3 + ch]);
                        v += blf[k] * src[bottomRow + l + ch];
                        v += brf[k] * src[bottomRow + l + 3 + ch];
                        dst[o + ch] = (byte)(int)v;
                    }
                }
            }

            x = -xScale + (c * xScale);
            for (; c < outW; c++)
            {
                x += xScale;
                int l = (int)Math.Floor(x);
                int rt = Math.Min(l + 1, inW - 1);
                double lr = x - l;
                int o = outRow + (c * 3);
                for (int ch = 0; ch < 3; ch++)
                {
                    double v = ((1 - tbFrac) * (((1 - lr) * src[topRow + (l * 3) + ch]) + (lr * src[topRow + (rt * 3) + ch])))
                        + (tbFrac * (((1 - lr) * src[bottomRow + (l * 3) + ch]) + (lr * src[bottomRow + (rt * 3) + ch])));
                    dst[o + ch] = (byte)(int)v;
                }
            }
        }
    }
}
