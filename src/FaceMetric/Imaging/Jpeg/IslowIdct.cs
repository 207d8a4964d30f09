using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// libjpeg's accurate integer inverse DCT (JDCT_ISLOW, jidctint.c; Loeffler-Ligtenberg-Moschytz with 13-bit
/// fixed-point constants), bit for bit: columns first into a workspace scaled by 2^PASS1_BITS, then rows, each output
/// descaled with rounding and passed through libjpeg's post-IDCT range-limit table (jdmaster.c
/// prepare_range_limit_table), which takes the descaled value modulo 1024 (RANGE_MASK) and clamps it around the
/// +128 level shift. libjpeg-turbo's SIMD versions give the same bytes on real images (they differ from its C code,
/// and so from this, only on corrupt data whose coefficients overflow their 16-bit lanes).
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
        if (Avx2.IsSupported && TransformAvx2(coefficients, workspace, output, stride))
        {
            return;
        }

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

    // The same two passes with the 8 columns (pass 1) or the 8 rows (pass 2) of the block in the 8 lanes of AVX2
    // registers, in 32-bit arithmetic. That is exact (equal to libjpeg's 64-bit JLONG) while no intermediate value
    // can overflow: the largest is below 178,219 times the largest input magnitude plus the rounding term, so inputs
    // within +-12,000 are safe. Real 8-bit JPEG coefficients stay near +-1,100 and the workspace near +-4,500; a
    // block outside the bound (only crafted or corrupt data) returns false before pass 1, or finishes pass 2 with
    // the scalar code, in 64 bits.
    private static bool TransformAvx2(ReadOnlySpan<int> coefficients, Span<int> workspace, Span<byte> output, int stride)
    {
        if (coefficients.Length < 64 || workspace.Length < 64 || output.Length < (7 * stride) + 8)
        {
            return false;
        }

        ref int rc = ref MemoryMarshal.GetReference(coefficients);
        Vector256<int> v0 = Vector256.LoadUnsafe(ref rc);
        Vector256<int> v1 = Vector256.LoadUnsafe(ref rc, 8);
        Vector256<int> v2 = Vector256.LoadUnsafe(ref rc, 16);
        Vector256<int> v3 = Vector256.LoadUnsafe(ref rc, 24);
        Vector256<int> v4 = Vector256.LoadUnsafe(ref rc, 32);
        Vector256<int> v5 = Vector256.LoadUnsafe(ref rc, 40);
        Vector256<int> v6 = Vector256.LoadUnsafe(ref rc, 48);
        Vector256<int> v7 = Vector256.LoadUnsafe(ref rc, 56);
        if (!WithinSafeRange(v0, v1, v2, v3, v4, v5, v6, v7))
        {
            return false;
        }

        // Pass 1: lane j of row vector k is coefficient (k, j); the butterfly runs down all 8 columns at once.
        Butterfly(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
        Vector256<int> round1 = Vector256.Create(1 << (Pass1Shift - 1));
        v0 = Vector256.ShiftRightArithmetic(v0 + round1, Pass1Shift);
        v1 = Vector256.ShiftRightArithmetic(v1 + round1, Pass1Shift);
        v2 = Vector256.ShiftRightArithmetic(v2 + round1, Pass1Shift);
        v3 = Vector256.ShiftRightArithmetic(v3 + round1, Pass1Shift);
        v4 = Vector256.ShiftRightArithmetic(v4 + round1, Pass1Shift);
        v5 = Vector256.ShiftRightArithmetic(v5 + round1, Pass1Shift);
        v6 = Vector256.ShiftRightArithmetic(v6 + round1, Pass1Shift);
        v7 = Vector256.ShiftRightArithmetic(v7 + round1, Pass1Shift);
        if (!WithinSafeRange(v0, v1, v2, v3, v4, v5, v6, v7))
        {
            ref int rw = ref MemoryMarshal.GetReference(workspace);
            v0.StoreUnsafe(ref rw);
            v1.StoreUnsafe(ref rw, 8);
            v2.StoreUnsafe(ref rw, 16);
            v3.StoreUnsafe(ref rw, 24);
            v4.StoreUnsafe(ref rw, 32);
            v5.StoreUnsafe(ref rw, 40);
            v6.StoreUnsafe(ref rw, 48);
            v7.StoreUnsafe(ref rw, 56);
            TransformRows(workspace, output, stride);
            return true;
        }

        // Pass 2: transpose so that lane r of vector k is workspace (r, k), run the butterfly along all 8 rows.
        Transpose(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
        Butterfly(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
        v0 = Descale2(v0);
        v1 = Descale2(v1);
        v2 = Descale2(v2);
        v3 = Descale2(v3);
        v4 = Descale2(v4);
        v5 = Descale2(v5);
        v6 = Descale2(v6);
        v7 = Descale2(v7);

        // Back to rows, then to bytes: the saturating packs clamp the level-shifted values (-384..639) to 0..255.
        Transpose(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
        ref byte ro = ref MemoryMarshal.GetReference(output);
        StoreRows(v0, v1, v2, v3, ref ro, stride);
        StoreRows(v4, v5, v6, v7, ref Unsafe.Add(ref ro, 4 * stride), stride);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool WithinSafeRange(Vector256<int> v0, Vector256<int> v1, Vector256<int> v2, Vector256<int> v3,
        Vector256<int> v4, Vector256<int> v5, Vector256<int> v6, Vector256<int> v7)
    {
        const int limit = 12000;
        Vector256<int> max = Vector256.Max(Vector256.Max(Vector256.Max(v0, v1), Vector256.Max(v2, v3)), Vector256.Max(Vector256.Max(v4, v5), Vector256.Max(v6, v7)));
        Vector256<int> min = Vector256.Min(Vector256.Min(Vector256.Min(v0, v1), Vector256.Min(v2, v3)), Vector256.Min(Vector256.Min(v4, v5), Vector256.Min(v6, v7)));
        return !Vector256.GreaterThanAny(max, Vector256.Create(limit)) && !Vector256.LessThanAny(min, Vector256.Create(-limit));
    }

    // Pass-2 descaling and libjpeg's range limit: the value modulo 1024 as a signed 10-bit number, plus 128.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Descale2(Vector256<int> x)
    {
        Vector256<int> d = Vector256.ShiftRightArithmetic(x + Vector256.Create(1 << (Pass2Shift - 1)), Pass2Shift);
        return Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(d, 22), 22) + Vector256.Create(128);
    }

    // Writes 4 rows of 8 samples, clamped to bytes, at rows 0..3 of output.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRows(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d, ref byte output, int stride)
    {
        // Each 128-bit lane packs to a0..a3 b0..b3 c0..c3 d0..d3 (lane 0) and a4..a7 ... d4..d7 (lane 1); the dword
        // permutation then makes each 64-bit element one row.
        Vector256<byte> bytes = Avx2.PackUnsignedSaturate(Avx2.PackSignedSaturate(a, b), Avx2.PackSignedSaturate(c, d));
        Vector256<ulong> rows = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsUInt64();
        Unsafe.WriteUnaligned(ref output, rows.GetElement(0));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, stride), rows.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, 2 * stride), rows.GetElement(2));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, 3 * stride), rows.GetElement(3));
    }

    // The butterfly of Butterfly(long...) on 8 lanes at once, in 32 bits; in place, inputs y0..y7, outputs x0..x7.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(ref Vector256<int> v0, ref Vector256<int> v1, ref Vector256<int> v2, ref Vector256<int> v3,
        ref Vector256<int> v4, ref Vector256<int> v5, ref Vector256<int> v6, ref Vector256<int> v7)
    {
        Vector256<int> z1 = (v2 + v6) * Fix0541196100;
        Vector256<int> tmp2 = z1 + (v6 * -Fix1847759065);
        Vector256<int> tmp3 = z1 + (v2 * Fix0765366865);
        Vector256<int> tmp0 = Vector256.ShiftLeft(v0 + v4, ConstBits);
        Vector256<int> tmp1 = Vector256.ShiftLeft(v0 - v4, ConstBits);
        Vector256<int> tmp10 = tmp0 + tmp3;
        Vector256<int> tmp13 = tmp0 - tmp3;
        Vector256<int> tmp11 = tmp1 + tmp2;
        Vector256<int> tmp12 = tmp1 - tmp2;

        z1 = v7 + v1;
        Vector256<int> z2 = v5 + v3;
        Vector256<int> z3 = v7 + v3;
        Vector256<int> z4 = v5 + v1;
        Vector256<int> z5 = (z3 + z4) * Fix1175875602;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = (z3 * -Fix1961570560) + z5;
        z4 = (z4 * -Fix0390180644) + z5;
        tmp0 = (v7 * Fix0298631336) + z1 + z3;
        tmp1 = (v5 * Fix2053119869) + z2 + z4;
        tmp2 = (v3 * Fix3072711026) + z2 + z3;
        tmp3 = (v1 * Fix1501321110) + z1 + z4;

        v0 = tmp10 + tmp3;
        v7 = tmp10 - tmp3;
        v1 = tmp11 + tmp2;
        v6 = tmp11 - tmp2;
        v2 = tmp12 + tmp1;
        v5 = tmp12 - tmp1;
        v3 = tmp13 + tmp0;
        v4 = tmp13 - tmp0;
    }

    // 8x8 transpose of 32-bit elements: after it, lane j of vector i is what lane i of vector j was.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector256<int> v0, ref Vector256<int> v1, ref Vector256<int> v2, ref Vector256<int> v3,
        ref Vector256<int> v4, ref Vector256<int> v5, ref Vector256<int> v6, ref Vector256<int> v7)
    {
        Vector256<int> t0 = Avx2.UnpackLow(v0, v1);   // 00 10 01 11 | 04 14 05 15
        Vector256<int> t1 = Avx2.UnpackHigh(v0, v1);  // 02 12 03 13 | 06 16 07 17
        Vector256<int> t2 = Avx2.UnpackLow(v2, v3);
        Vector256<int> t3 = Avx2.UnpackHigh(v2, v3);
        Vector256<int> t4 = Avx2.UnpackLow(v4, v5);
        Vector256<int> t5 = Avx2.UnpackHigh(v4, v5);
        Vector256<int> t6 = Avx2.UnpackLow(v6, v7);
        Vector256<int> t7 = Avx2.UnpackHigh(v6, v7);
        Vector256<int> u0 = Avx2.UnpackLow(t0.AsInt64(), t2.AsInt64()).AsInt32();   // 00 10 20 30 | 04 14 24 34
        Vector256<int> u1 = Avx2.UnpackHigh(t0.AsInt64(), t2.AsInt64()).AsInt32();  // 01 11 21 31 | 05 ...
        Vector256<int> u2 = Avx2.UnpackLow(t1.AsInt64(), t3.AsInt64()).AsInt32();   // 02 ... | 06 ...
        Vector256<int> u3 = Avx2.UnpackHigh(t1.AsInt64(), t3.AsInt64()).AsInt32();  // 03 ... | 07 ...
        Vector256<int> u4 = Avx2.UnpackLow(t4.AsInt64(), t6.AsInt64()).AsInt32();   // 40 50 60 70 | 44 ...
        Vector256<int> u5 = Avx2.UnpackHigh(t4.AsInt64(), t6.AsInt64()).AsInt32();
        Vector256<int> u6 = Avx2.UnpackLow(t5.AsInt64(), t7.AsInt64()).AsInt32();
        Vector256<int> u7 = Avx2.UnpackHigh(t5.AsInt64(), t7.AsInt64()).AsInt32();
        v0 = Avx2.Permute2x128(u0, u4, 0x20);
        v4 = Avx2.Permute2x128(u0, u4, 0x31);
        v1 = Avx2.Permute2x128(u1, u5, 0x20);
        v5 = Avx2.Permute2x128(u1, u5, 0x31);
        v2 = Avx2.Permute2x128(u2, u6, 0x20);
        v6 = Avx2.Permute2x128(u2, u6, 0x31);
        v3 = Avx2.Permute2x128(u3, u7, 0x20);
        v7 = Avx2.Permute2x128(u3, u7, 0x31);
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
