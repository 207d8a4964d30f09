namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// libjpeg's YCbCr to RGB conversion (jdcolor.c ycc_rgb_convert) in its 16-bit fixed point: with x = Cb - 128 or
/// Cr - 128, R = Y + ((FIX(1.40200) Cr + ONE_HALF) &gt;&gt; 16), B = Y + ((FIX(1.77200) Cb + ONE_HALF) &gt;&gt; 16),
/// G = Y + ((-FIX(0.34414) Cb - FIX(0.71414) Cr + ONE_HALF) &gt;&gt; 16), each clamped to 0..255. The products are the
/// entries of libjpeg's Cr_r_tab, Cb_b_tab, Cb_g_tab and Cr_g_tab, computed here instead of looked up.
/// </summary>
internal static class YccToRgb
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);
    private const int FixCrR = 91881;   // FIX(1.40200)
    private const int FixCbB = 116130;  // FIX(1.77200)
    private const int FixCrG = 46802;   // FIX(0.71414)
    private const int FixCbG = 22554;   // FIX(0.34414)

    /// <summary>Converts one row; <paramref name="rgb"/> receives 3 bytes per sample of <paramref name="y"/>.</summary>
    public static void ConvertRow(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        y = y[..width];
        cb = cb[..width];
        cr = cr[..width];
        for (int x = 0; x < width; x++)
        {
            int luma = y[x];
            int blue = cb[x] - 128;
            int red = cr[x] - 128;
            int o = 3 * x;
            rgb[o] = Clamp(luma + (((FixCrR * red) + OneHalf) >> ScaleBits));
            rgb[o + 1] = Clamp(luma + (((-FixCbG * blue) - (FixCrG * red) + OneHalf) >> ScaleBits));
            rgb[o + 2] = Clamp(luma + (((FixCbB * blue) + OneHalf) >> ScaleBits));
        }
    }

    /// <summary>Interleaves three full-resolution planes' rows as they are (libjpeg's rgb_rgb_convert).</summary>
    public static void InterleaveRow(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        for (int x = 0; x < width; x++)
        {
            rgb[3 * x] = r[x];
            rgb[(3 * x) + 1] = g[x];
            rgb[(3 * x) + 2] = b[x];
        }
    }

    /// <summary>Replicates a gray row into R = G = B (libjpeg's gray_rgb_convert).</summary>
    public static void GrayRow(ReadOnlySpan<byte> gray, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        for (int x = 0; x < width; x++)
        {
            byte v = gray[x];
            rgb[3 * x] = v;
            rgb[(3 * x) + 1] = v;
            rgb[(3 * x) + 2] = v;
        }
    }

    private static byte Clamp(int v) => (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
}
