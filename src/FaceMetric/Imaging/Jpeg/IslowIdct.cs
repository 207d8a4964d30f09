using System.Runtime.CompilerServices;

namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// libjpeg's accurate integer inverse DCT (JDCT_ISLOW, jidctint.c; Loeffler-Ligtenberg-Moschytz with 13-bit
/// fixed-point constants), bit for bit: columns first into a workspace scaled by 2^PASS1_BITS, then rows, each output
/// descaled with rounding and passed through libjpeg's post-IDCT range-limit table (jdmaster.c
/// prepare_range_limit_table), which takes the descaled value modulo 1024 (RANGE_MASK) and clamps it around the
/// +128 level shift. libjpeg-turbo's SIMD versions give the same bytes, so this is what libjpeg-turbo produces.
/// </summary>
internal static class IslowIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    // FIX(x) = (int)(x * 2^13 + 0.5), the constants of jidctint.c.
    private const int Fix0298631336 = 2446;
    private const int Fix0390180644 = 3196;
    private const int Fix0541196100 = 4433;
    private const int Fix0765366865 = 6270;
    private const int Fix0899976223 = 7373;
    private const int Fix1175875602 = 9633;
    private const int Fix1501321110 = 12299;
    private const int Fix1847759065 = 15137;
    private const int Fix1961570560 = 16069;
    private const int Fix2053119869 = 16819;
    private const int Fix2562915447 = 20995;
    private const int Fix3072711026 = 25172;

    private const int Pass1Shift = ConstBits - Pass1Bits;      // 11
    private const int Pass2Shift = ConstBits + Pass1Bits + 3;  // 18

    /// <summary>
    /// Transforms one block of dequantised coefficients (natural order) into 8x8 samples written at
    /// <paramref name="output"/>[0..], rows <paramref name="stride"/> apart. <paramref name="workspace"/> holds 64 ints.
    /// </summary>
    public static void Transform(ReadOnlySpan<int> coefficients, Span<int> workspace, Span<byte> output, int stride)
    {
        ReadOnlySpan<int> c = coefficients[..64];
        Span<int> ws = workspace[..64];

        // Pass 1: columns, in 64-bit as libjpeg's JLONG, stored to the int workspace as libjpeg truncates them.
        // A column whose AC terms are all zero is its DC term scaled, as libjpeg shortcuts it (the full computation
        // gives the same values).
        for (int col = 0; col < 8; col++)
        {
            if (c[8 + col] == 0 && c[16 + col] == 0 && c[24 + col] == 0 && c[32 + col] == 0 &&
                c[40 + col] == 0 && c[48 + col] == 0 && c[56 + col] == 0)
            {
                int dc = c[col] << Pass1Bits;
                for (int row = 0; row < 64; row += 8)
                {
                    ws[row + col] = dc;
                }

                continue;
            }

            Butterfly(c[col], c[8 + col], c[16 + col], c[24 + col], c[32 + col], c[40 + col], c[48 + col], c[56 + col],
                out long o0, out long o1, out long o2, out long o3, out long o4, out long o5, out long o6, out long o7);
            const long round = 1L << (Pass1Shift - 1);
            ws[col] = (int)((o0 + round) >> Pass1Shift);
            ws[8 + col] = (int)((o1 + round) >> Pass1Shift);
            ws[16 + col] = (int)((o2 + round) >> Pass1Shift);
            ws[24 + col] = (int)((o3 + round) >> Pass1Shift);
            ws[32 + col] = (int)((o4 + round) >> Pass1Shift);
            ws[40 + col] = (int)((o5 + round) >> Pass1Shift);
            ws[48 + col] = (int)((o6 + round) >> Pass1Shift);
            ws[56 + col] = (int)((o7 + round) >> Pass1Shift);
        }

        TransformRows(ws, output, stride);
    }

    // Pass 2: rows from the workspace into the output, through the range limit.
    private static void TransformRows(ReadOnlySpan<int> ws, Span<byte> output, int stride)
    {
        for (int row = 0; row < 8; row++)
        {
            ReadOnlySpan<int> w = ws.Slice(row * 8, 8);
            Span<byte> o = output.Slice(row * stride, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                o.Fill(RangeLimit((w[0] + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3)));
                continue;
            }

            Butterfly(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7],
                out long o0, out long o1, out long o2, out long o3, out long o4, out long o5, out long o6, out long o7);
            const long round = 1L << (Pass2Shift - 1);
            o[0] = RangeLimit((int)((o0 + round) >> Pass2Shift));
            o[1] = RangeLimit((int)((o1 + round) >> Pass2Shift));
            o[2] = RangeLimit((int)((o2 + round) >> Pass2Shift));
            o[3] = RangeLimit((int)((o3 + round) >> Pass2Shift));
            o[4] = RangeLimit((int)((o4 + round) >> Pass2Shift));
            o[5] = RangeLimit((int)((o5 + round) >> Pass2Shift));
            o[6] = RangeLimit((int)((o6 + round) >> Pass2Shift));
            o[7] = RangeLimit((int)((o7 + round) >> Pass2Shift));
        }
    }

    // The 8-point 1-D IDCT of jidctint.c (even part, then the odd part "per figure 8"), before descaling:
    // inputs y0..y7, outputs x0..x7 scaled by 2^13.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(long y0, long y1, long y2, long y3, long y4, long y5, long y6, long y7,
        out long x0, out long x1, out long x2, out long x3, out long x4, out long x5, out long x6, out long x7)
    {
        // Even part: the rotator is sqrt(2)*c(-6).
        long z1 = (y2 + y6) * Fix0541196100;
        long tmp2 = z1 + (y6 * -Fix1847759065);
        long tmp3 = z1 + (y2 * Fix0765366865);
        long tmp0 = (y0 + y4) << ConstBits;
        long tmp1 = (y0 - y4) << ConstBits;
        long tmp10 = tmp0 + tmp3;
        long tmp13 = tmp0 - tmp3;
        long tmp11 = tmp1 + tmp2;
        long tmp12 = tmp1 - tmp2;

        // Odd part: inputs y7, y5, y3, y1.
        z1 = y7 + y1;
        long z2 = y5 + y3;
        long z3 = y7 + y3;
        long z4 = y5 + y1;
        long z5 = (z3 + z4) * Fix1175875602;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = (z3 * -Fix1961570560) + z5;
        z4 = (z4 * -Fix0390180644) + z5;
        tmp0 = (y7 * Fix0298631336) + z1 + z3;
        tmp1 = (y5 * Fix2053119869) + z2 + z4;
        tmp2 = (y3 * Fix3072711026) + z2 + z3;
        tmp3 = (y1 * Fix1501321110) + z1 + z4;

        x0 = tmp10 + tmp3;
        x7 = tmp10 - tmp3;
        x1 = tmp11 + tmp2;
        x6 = tmp11 - tmp2;
        x2 = tmp12 + tmp1;
        x5 = tmp12 - tmp1;
        x3 = tmp13 + tmp0;
        x4 = tmp13 - tmp0;
    }

    /// <summary>
    /// The block whose only non-zero coefficient is the dequantised DC term <paramref name="dc"/>: every sample is
    /// the same, the value both passes of <see cref="Transform"/> would compute.
    /// </summary>
    public static void TransformDcOnly(int dc, Span<byte> output, int stride)
    {
        byte value = RangeLimit(((dc << Pass1Bits) + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3));
        for (int row = 0; row < 8; row++)
        {
            output.Slice(row * stride, 8).Fill(value);
        }
    }

    /// <summary>
    /// libjpeg's post-IDCT range limit: the descaled value modulo 1024, read as a signed 10-bit number, plus the
    /// level shift 128, clamped to 0..255 (so 128..511 saturate to 255 and -512..-129 to 0, and larger values wrap).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte RangeLimit(int descaled)
    {
        int v = ((descaled << 22) >> 22) + 128;
        return (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}
