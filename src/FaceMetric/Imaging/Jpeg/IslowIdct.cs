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

        // Pass 1: columns. A column whose AC terms are all zero is its DC term scaled, as libjpeg shortcuts it
        // (the full computation gives the same values).
        for (int col = 0; col < 8; col++)
        {
            if (c[8 + col] == 0 && c[16 + col] == 0 && c[24 + col] == 0 && c[32 + col] == 0 &&
                c[40 + col] == 0 && c[48 + col] == 0 && c[56 + col] == 0)
            {
                int dc = c[col] << Pass1Bits;
                ws[col] = dc;
                ws[8 + col] = dc;
                ws[16 + col] = dc;
                ws[24 + col] = dc;
                ws[32 + col] = dc;
                ws[40 + col] = dc;
                ws[48 + col] = dc;
                ws[56 + col] = dc;
                continue;
            }

            // Even part.
            int z2 = c[16 + col];
            int z3 = c[48 + col];
            int z1 = (z2 + z3) * Fix0541196100;
            int tmp2 = z1 + (z3 * -Fix1847759065);
            int tmp3 = z1 + (z2 * Fix0765366865);
            z2 = c[col];
            z3 = c[32 + col];
            int tmp0 = (z2 + z3) << ConstBits;
            int tmp1 = (z2 - z3) << ConstBits;
            int tmp10 = tmp0 + tmp3;
            int tmp13 = tmp0 - tmp3;
            int tmp11 = tmp1 + tmp2;
            int tmp12 = tmp1 - tmp2;

            // Odd part.
            tmp0 = c[56 + col];
            tmp1 = c[40 + col];
            tmp2 = c[24 + col];
            tmp3 = c[8 + col];
            OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int round = 1 << (Pass1Shift - 1);
            ws[col] = (tmp10 + tmp3 + round) >> Pass1Shift;
            ws[56 + col] = (tmp10 - tmp3 + round) >> Pass1Shift;
            ws[8 + col] = (tmp11 + tmp2 + round) >> Pass1Shift;
            ws[48 + col] = (tmp11 - tmp2 + round) >> Pass1Shift;
            ws[16 + col] = (tmp12 + tmp1 + round) >> Pass1Shift;
            ws[40 + col] = (tmp12 - tmp1 + round) >> Pass1Shift;
            ws[24 + col] = (tmp13 + tmp0 + round) >> Pass1Shift;
            ws[32 + col] = (tmp13 - tmp0 + round) >> Pass1Shift;
        }

        // Pass 2: rows, into the output with range limiting.
        for (int row = 0; row < 8; row++)
        {
            ReadOnlySpan<int> w = ws.Slice(row * 8, 8);
            Span<byte> o = output.Slice(row * stride, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                o.Fill(RangeLimit((w[0] + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3)));
                continue;
            }

            int z2 = w[2];
            int z3 = w[6];
            int z1 = (z2 + z3) * Fix0541196100;
            int tmp2 = z1 + (z3 * -Fix1847759065);
            int tmp3 = z1 + (z2 * Fix0765366865);
            int tmp0 = (w[0] + w[4]) << ConstBits;
            int tmp1 = (w[0] - w[4]) << ConstBits;
            int tmp10 = tmp0 + tmp3;
            int tmp13 = tmp0 - tmp3;
            int tmp11 = tmp1 + tmp2;
            int tmp12 = tmp1 - tmp2;

            tmp0 = w[7];
            tmp1 = w[5];
            tmp2 = w[3];
            tmp3 = w[1];
            OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int round = 1 << (Pass2Shift - 1);
            o[0] = RangeLimit((tmp10 + tmp3 + round) >> Pass2Shift);
            o[7] = RangeLimit((tmp10 - tmp3 + round) >> Pass2Shift);
            o[1] = RangeLimit((tmp11 + tmp2 + round) >> Pass2Shift);
            o[6] = RangeLimit((tmp11 - tmp2 + round) >> Pass2Shift);
            o[2] = RangeLimit((tmp12 + tmp1 + round) >> Pass2Shift);
            o[5] = RangeLimit((tmp12 - tmp1 + round) >> Pass2Shift);
            o[3] = RangeLimit((tmp13 + tmp0 + round) >> Pass2Shift);
            o[4] = RangeLimit((tmp13 - tmp0 + round) >> Pass2Shift);
        }
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

    // Odd part of both passes ("figure 8" of jidctint.c): inputs y7, y5, y3, y1 in tmp0..tmp3, outputs in place.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OddPart(ref int tmp0, ref int tmp1, ref int tmp2, ref int tmp3)
    {
        int z1 = tmp0 + tmp3;
        int z2 = tmp1 + tmp2;
        int z3 = tmp0 + tmp2;
        int z4 = tmp1 + tmp3;
        int z5 = (z3 + z4) * Fix1175875602;
        tmp0 *= Fix0298631336;
        tmp1 *= Fix2053119869;
        tmp2 *= Fix3072711026;
        tmp3 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = (z3 * -Fix1961570560) + z5;
        z4 = (z4 * -Fix0390180644) + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
    }
}
