using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        int x = Avx2.IsSupported ? ConvertAvx2(y, cb, cr, rgb) : 0;
        for (; x < width; x++)
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

    // The same arithmetic on 8 pixels at a time in 32-bit lanes; returns how many pixels it converted. Each step
    // stores 16 bytes per 4 pixels (12 used), so it stops while 10 or more pixels remain, leaving the rest to the
    // scalar loop; the overlapping 4 bytes are rewritten by the next step.
    private static int ConvertAvx2(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        int width = y.Length;
        ref byte ry = ref MemoryMarshal.GetReference(y);
        ref byte rcb = ref MemoryMarshal.GetReference(cb);
        ref byte rcr = ref MemoryMarshal.GetReference(cr);
        ref byte ro = ref MemoryMarshal.GetReference(rgb);
        Vector256<int> centre = Vector256.Create(128);
        Vector256<int> half = Vector256.Create(OneHalf);
        Vector256<int> crR = Vector256.Create(FixCrR);
        Vector256<int> cbB = Vector256.Create(FixCbB);
        Vector256<int> cbG = Vector256.Create(-FixCbG);
        Vector256<int> crG = Vector256.Create(-FixCrG);

        // After packing, each 128-bit lane holds r0..r3 g0..g3 b0..b3 and 4 zero bytes; this puts them in RGB order.
        Vector256<byte> order = Vector256.Create(
            (byte)0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, 12, 13, 14, 15,
            0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, 12, 13, 14, 15);
        int x = 0;
        for (; x <= width - 10; x += 8)
        {
            Vector256<int> luma = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref ry, x))).AsByte());
            Vector256<int> blue = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref rcb, x))).AsByte()) - centre;
            Vector256<int> red = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref rcr, x))).AsByte()) - centre;
            Vector256<int> r = luma + Vector256.ShiftRightArithmetic((red * crR) + half, ScaleBits);
            Vector256<int> g = luma + Vector256.ShiftRightArithmetic((blue * cbG) + (red * crG) + half, ScaleBits);
            Vector256<int> b = luma + Vector256.ShiftRightArithmetic((blue * cbB) + half, ScaleBits);

            // Saturating packs clamp to 0..255 exactly as libjpeg's range_limit does for these values.
            Vector256<short> rg = Avx2.PackSignedSaturate(r, g);
            Vector256<short> b0 = Avx2.PackSignedSaturate(b, Vector256<int>.Zero);
            Vector256<byte> pixels = Avx2.Shuffle(Avx2.PackUnsignedSaturate(rg, b0), order);
            pixels.GetLower().StoreUnsafe(ref ro, (nuint)(3 * x));
            pixels.GetUpper().StoreUnsafe(ref ro, (nuint)((3 * x) + 12));
        }

        return x;
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
