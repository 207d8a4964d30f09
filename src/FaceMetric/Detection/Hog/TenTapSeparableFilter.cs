using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// <see cref="SeparableFilter"/> for ten-tap row and column filters (dlib's frontal face model: 80x80-pixel windows of
/// 8-pixel cells) with AVX-512, bit for bit the same: every output column gets the same operations in the same order
/// (three interleaved accumulators in the columns of eight-groups, one in the single columns left over), only fewer
/// instructions around them.
/// <list type="bullet">
/// <item>The ten taps of each pass are held in registers, not broadcast from memory per group.</item>
/// <item>The row pass loads each input vector once and makes the nine shifted copies it needs with <c>valignd</c>
/// instead of nine unaligned loads (each of which straddles two cache lines).</item>
/// <item>The column pass makes two output rows at once: their ten-row windows overlap in nine rows, so eleven loads
/// serve twenty products.</item>
/// <item>The single columns at a row's right end are one eight-lane vector, stored blended so the columns right of the
/// region are left alone; rows where that vector would read past the buffer take them one at a time.</item>
/// </list>
/// </summary>
internal static class TenTapSeparableFilter
{
    private const int Taps = 10;

    /// <summary>Whether this path serves these filters on this machine.</summary>
    public static bool Applies(float[] row, float[] column) =>
        row.Length == Taps && column.Length == Taps && Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>As <see cref="SeparableFilter.Apply"/>; the caller has checked <see cref="Applies"/> and the sizes.</summary>
    public static void Apply(ReadOnlySpan<float> input, int rows, int cols, float[] row, float[] column, Span<float> scratch,
        Span<float> output, bool addTo)
    {
        var (top, left, bottom, right) = SeparableFilter.Region(rows, cols, Taps, Taps);
        int groupsEnd = left;
        while (groupsEnd < right - 7)
        {
            groupsEnd += 8;
        }

        var columns = new Columns(left, left + ((groupsEnd - left) / 16 * 16), groupsEnd, right);
        RowPass(input, rows, cols, new Weights(row), scratch, columns);
        ColumnPass(scratch, cols, new Weights(column), output, addTo, top, bottom, columns);
    }

    /// <summary>
    /// Every row of <paramref name="input"/> through the row filter into <paramref name="scratch"/>, columns
    /// [left, right).
    /// </summary>
    private static void RowPass(ReadOnlySpan<float> input, int rows, int cols, Weights w, Span<float> scratch, Columns columns)
    {
        ref float inp = ref MemoryMarshal.GetReference(input);
        ref float scr = ref MemoryMarshal.GetReference(scratch);
        int left = columns.Left;
        Vector256<float> keep = SeparableFilter.SingleColumnLanes(columns.Singles);
        for (int r = 0; r < rows; r++)
        {
            int rowStart = r * cols;

            // Tap n of output column c reads input column c - left + n: x points at the input for column 0.
            ref float x = ref Unsafe.Add(ref inp, rowStart - left);
            ref float into = ref Unsafe.Add(ref scr, rowStart);
            int c = left;

            // Sixteen columns at a time from the input vector at c and the next one (carried to the next step); the
            // last step's next vector is read whole, so a row whose next vector would run past the input is loaded
            // unaligned instead.
            if (rowStart - left + columns.WideEnd + 16 <= input.Length)
            {
                Vector512<int> here = Vector512.LoadUnsafe(ref Unsafe.Add(ref x, c)).AsInt32();
                for (; c < columns.WideEnd; c += 16)
                {
                    Vector512<int> next = Vector512.LoadUnsafe(ref Unsafe.Add(ref x, c + 16)).AsInt32();
                    Vector512<float> a = Vector512<float>.Zero + (here.AsSingle() * w.W0);
                    Vector512<float> b = Vector512<float>.Zero + (Avx512F.AlignRight32(next, here, 1).AsSingle() * w.W1);
                    Vector512<float> d = Vector512<float>.Zero + (Avx512F.AlignRight32(next, here, 2).AsSingle() * w.W2);
                    a += Avx512F.AlignRight32(next, here, 3).AsSingle() * w.W3;
                    b += Avx512F.AlignRight32(next, here, 4).AsSingle() * w.W4;
                    d += Avx512F.AlignRight32(next, here, 5).AsSingle() * w.W5;
                    a += Avx512F.AlignRight32(next, here, 6).AsSingle() * w.W6;
                    b += Avx512F.AlignRight32(next, here, 7).AsSingle() * w.W7;
                    d += Avx512F.AlignRight32(next, here, 8).AsSingle() * w.W8;
                    a += Avx512F.AlignRight32(next, here, 9).AsSingle() * w.W9;
                    (a + (b + d)).StoreUnsafe(ref into, (nuint)c);
                    here = next;
                }
            }

            for (; c < columns.WideEnd; c += 16)
            {
                ref float at = ref Unsafe.Add(ref x, c);
                Vector512<float> a = Vector512<float>.Zero + (Vector512.LoadUnsafe(ref at) * w.W0);
                Vector512<float> b = Vector512<float>.Zero + (Vector512.LoadUnsafe(ref at, 1) * w.W1);
                Vector512<float> d = Vector512<float>.Zero + (Vector512.LoadUnsafe(ref at, 2) * w.W2);
                a += Vector512.LoadUnsafe(ref at, 3) * w.W3;
                b += Vector512.LoadUnsafe(ref at, 4) * w.W4;
                d += Vector512.LoadUnsafe(ref at, 5) * w.W5;
                a += Vector512.LoadUnsafe(ref at, 6) * w.W6;
                b += Vector512.LoadUnsafe(ref at, 7) * w.W7;
                d += Vector512.LoadUnsafe(ref at, 8) * w.W8;
                a += Vector512.LoadUnsafe(ref at, 9) * w.W9;
                (a + (b + d)).StoreUnsafe(ref into, (nuint)c);
            }

            if (c < columns.GroupsEnd)
            {
                Group(ref Unsafe.Add(ref x, c), 1, w).StoreUnsafe(ref into, (nuint)c);
            }

            if (columns.Singles == 0)
            {
                continue;
            }

            if (rowStart - left + columns.GroupsEnd + Taps - 1 + 8 <= input.Length && rowStart + columns.GroupsEnd + 8 <= scratch.Length)
            {
                ref float singlesInto = ref Unsafe.Add(ref into, columns.GroupsEnd);
                Vector256<float> t = Single(ref Unsafe.Add(ref x, columns.GroupsEnd), 1, w);
                Vector256.ConditionalSelect(keep, t, Vector256.LoadUnsafe(ref singlesInto)).StoreUnsafe(ref singlesInto);
            }
            else
            {
                for (int k = columns.GroupsEnd; k < columns.Right; k++)
                {
                    Unsafe.Add(ref into, k) = SingleScalar(ref Unsafe.Add(ref x, k), 1, w);
                }
            }
        }
    }

    /// <summary>
    /// Rows [top, bottom) of <paramref name="output"/> from the column filter down <paramref name="scratch"/>: output
    /// row r reads scratch rows r - top to r - top + 9.
    /// </summary>
    private static void ColumnPass(Span<float> scratch, int cols, Weights w, Span<float> output, bool addTo, int top, int bottom, Columns columns)
    {
        ref float scr = ref MemoryMarshal.GetReference(scratch);
        ref float outp = ref MemoryMarshal.GetReference(output);
        nuint s = (nuint)cols;
        int r = top;
        for (; r + 1 < bottom; r += 2)
        {
            // Rows r and r + 1: scratch row m + 1 is tap m + 1 of row r and tap m of row r + 1.
            ref float x = ref Unsafe.Add(ref scr, (r - top) * cols);
            ref float into = ref Unsafe.Add(ref outp, r * cols);
            for (int c = columns.Left; c < columns.WideEnd; c += 16)
            {
                ref float at = ref Unsafe.Add(ref x, c);
                Vector512<float> v = Vector512.LoadUnsafe(ref at);
                Vector512<float> a = Vector512<float>.Zero + (v * w.W0);
                v = Vector512.LoadUnsafe(ref at, s);
                Vector512<float> b = Vector512<float>.Zero + (v * w.W1);
                Vector512<float> a2 = Vector512<float>.Zero + (v * w.W0);
                v = Vector512.LoadUnsafe(ref at, 2 * s);
                Vector512<float> d = Vector512<float>.Zero + (v * w.W2);
                Vector512<float> b2 = Vector512<float>.Zero + (v * w.W1);
                v = Vector512.LoadUnsafe(ref at, 3 * s);
                a += v * w.W3;
                Vector512<float> d2 = Vector512<float>.Zero + (v * w.W2);
                v = Vector512.LoadUnsafe(ref at, 4 * s);
                b += v * w.W4;
                a2 += v * w.W3;
                v = Vector512.LoadUnsafe(ref at, 5 * s);
                d += v * w.W5;
                b2 += v * w.W4;
                v = Vector512.LoadUnsafe(ref at, 6 * s);
                a += v * w.W6;
                d2 += v * w.W5;
                v = Vector512.LoadUnsafe(ref at, 7 * s);
                b += v * w.W7;
                a2 += v * w.W6;
                v = Vector512.LoadUnsafe(ref at, 8 * s);
                d += v * w.W8;
                b2 += v * w.W7;
                v = Vector512.LoadUnsafe(ref at, 9 * s);
                a += v * w.W9;
                d2 += v * w.W8;
                v = Vector512.LoadUnsafe(ref at, 10 * s);
                a2 += v * w.W9;
                a += b + d;
                a2 += b2 + d2;
                ref float o = ref Unsafe.Add(ref into, c);
                if (addTo)
                {
                    a += Vector512.LoadUnsafe(ref o);
                    a2 += Vector512.LoadUnsafe(ref o, s);
                }

                a.StoreUnsafe(ref o);
                a2.StoreUnsafe(ref o, s);
            }

            ColumnPassRightEnd(scratch, output, cols, w, addTo, r - top, r, columns);
            ColumnPassRightEnd(scratch, output, cols, w, addTo, r + 1 - top, r + 1, columns);
        }

        for (; r < bottom; r++)
        {
            ref float x = ref Unsafe.Add(ref scr, (r - top) * cols);
            ref float into = ref Unsafe.Add(ref outp, r * cols);
            for (int c = columns.Left; c < columns.WideEnd; c += 16)
            {
                ref float at = ref Unsafe.Add(ref x, c);
                Vector512<float> a = Vector512<float>.Zero + (Vector512.LoadUnsafe(ref at) * w.W0);
                Vector512<float> b = Vector512<float>.Zero + (Vector512.LoadUnsafe(ref at, s) * w.W1);
                Vector512<float> d = Vector512<float>.Zero + (Vector512.LoadUnsafe(ref at, 2 * s) * w.W2);
                a += Vector512.LoadUnsafe(ref at, 3 * s) * w.W3;
                b += Vector512.LoadUnsafe(ref at, 4 * s) * w.W4;
                d += Vector512.LoadUnsafe(ref at, 5 * s) * w.W5;
                a += Vector512.LoadUnsafe(ref at, 6 * s) * w.W6;
                b += Vector512.LoadUnsafe(ref at, 7 * s) * w.W7;
                d += Vector512.LoadUnsafe(ref at, 8 * s) * w.W8;
                a += Vector512.LoadUnsafe(ref at, 9 * s) * w.W9;
                a += b + d;
                ref float o = ref Unsafe.Add(ref into, c);
                if (addTo)
                {
                    a += Vector512.LoadUnsafe(ref o);
                }

                a.StoreUnsafe(ref o);
            }

            ColumnPassRightEnd(scratch, output, cols, w, addTo, r - top, r, columns);
        }
    }

    /// <summary>One output row's columns right of the sixteen-column steps: an eight-group if any, then the singles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ColumnPassRightEnd(Span<float> scratch, Span<float> output, int cols, Weights w, bool addTo,
        int scratchRow, int outputRow, Columns columns)
    {
        ref float x = ref Unsafe.Add(ref MemoryMarshal.GetReference(scratch), scratchRow * cols);
        ref float into = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), outputRow * cols);
        if (columns.WideEnd < columns.GroupsEnd)
        {
            ref float o = ref Unsafe.Add(ref into, columns.WideEnd);
            Vector256<float> a = Group(ref Unsafe.Add(ref x, columns.WideEnd), cols, w);
            (addTo ? a + Vector256.LoadUnsafe(ref o) : a).StoreUnsafe(ref o);
        }

        if (columns.Singles == 0)
        {
            return;
        }

        if ((scratchRow * cols) + columns.GroupsEnd + ((Taps - 1) * cols) + 8 <= scratch.Length
            && (outputRow * cols) + columns.GroupsEnd + 8 <= output.Length)
        {
            ref float o = ref Unsafe.Add(ref into, columns.GroupsEnd);
            Vector256<float> t = Single(ref Unsafe.Add(ref x, columns.GroupsEnd), cols, w);
            Vector256<float> old = Vector256.LoadUnsafe(ref o);
            Vector256.ConditionalSelect(SeparableFilter.SingleColumnLanes(columns.Singles), addTo ? old + t : t, old).StoreUnsafe(ref o);
            return;
        }

        for (int k = columns.GroupsEnd; k < columns.Right; k++)
        {
            float t = SingleScalar(ref Unsafe.Add(ref x, k), cols, w);
            ref float o = ref Unsafe.Add(ref into, k);
            o = addTo ? o + t : t;
        }
    }

    /// <summary>One eight-group: taps <paramref name="stride"/> apart, three interleaved accumulators, a + (b + d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Group(ref float at, int stride, Weights w)
    {
        nuint s = (nuint)stride;
        Vector256<float> a = Vector256<float>.Zero + (Vector256.LoadUnsafe(ref at) * w.W0.GetLower());
        Vector256<float> b = Vector256<float>.Zero + (Vector256.LoadUnsafe(ref at, s) * w.W1.GetLower());
        Vector256<float> d = Vector256<float>.Zero + (Vector256.LoadUnsafe(ref at, 2 * s) * w.W2.GetLower());
        a += Vector256.LoadUnsafe(ref at, 3 * s) * w.W3.GetLower();
        b += Vector256.LoadUnsafe(ref at, 4 * s) * w.W4.GetLower();
        d += Vector256.LoadUnsafe(ref at, 5 * s) * w.W5.GetLower();
        a += Vector256.LoadUnsafe(ref at, 6 * s) * w.W6.GetLower();
        b += Vector256.LoadUnsafe(ref at, 7 * s) * w.W7.GetLower();
        d += Vector256.LoadUnsafe(ref at, 8 * s) * w.W8.GetLower();
        a += Vector256.LoadUnsafe(ref at, 9 * s) * w.W9.GetLower();
        return a + (b + d);
    }

    /// <summary>Up to eight single columns side by side, each with one accumulator over the ten taps in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Single(ref float at, int stride, Weights w)
    {
        nuint s = (nuint)stride;
        Vector256<float> t = Vector256<float>.Zero + (Vector256.LoadUnsafe(ref at) * w.W0.GetLower());
        t += Vector256.LoadUnsafe(ref at, s) * w.W1.GetLower();
        t += Vector256.LoadUnsafe(ref at, 2 * s) * w.W2.GetLower();
        t += Vector256.LoadUnsafe(ref at, 3 * s) * w.W3.GetLower();
        t += Vector256.LoadUnsafe(ref at, 4 * s) * w.W4.GetLower();
        t += Vector256.LoadUnsafe(ref at, 5 * s) * w.W5.GetLower();
        t += Vector256.LoadUnsafe(ref at, 6 * s) * w.W6.GetLower();
        t += Vector256.LoadUnsafe(ref at, 7 * s) * w.W7.GetLower();
        t += Vector256.LoadUnsafe(ref at, 8 * s) * w.W8.GetLower();
        return t + (Vector256.LoadUnsafe(ref at, 9 * s) * w.W9.GetLower());
    }

    /// <summary>One single column, as dlib's scalar loop computes it.</summary>
    private static float SingleScalar(ref float at, int stride, Weights w)
    {
        float t = 0;
        for (int n = 0; n < Taps; n++)
        {
            t += Unsafe.Add(ref at, n * stride) * w.Taps[n];
        }

        return t;
    }

    /// <summary>Where a row's columns go: [Left, WideEnd) sixteen at a time, [WideEnd, GroupsEnd) one eight-group or none, [GroupsEnd, Right) single.</summary>
    private readonly record struct Columns(int Left, int WideEnd, int GroupsEnd, int Right)
    {
        public int Singles => Right - GroupsEnd;
    }

    /// <summary>A filter's ten taps, each broadcast to sixteen lanes (their lower eight serve the eight-lane code).</summary>
    private readonly struct Weights(float[] taps)
    {
        public Vector512<float> W0 { get; } = Vector512.Create(taps[0]);

        public Vector512<float> W1 { get; } = Vector512.Create(taps[1]);

        public Vector512<float> W2 { get; } = Vector512.Create(taps[2]);

        public Vector512<float> W3 { get; } = Vector512.Create(taps[3]);

        public Vector512<float> W4 { get; } = Vector512.Create(taps[4]);

        public Vector512<float> W5 { get; } = Vector512.Create(taps[5]);

        public Vector512<float> W6 { get; } = Vector512.Create(taps[6]);

        public Vector512<float> W7 { get; } = Vector512.Create(taps[7]);

        public Vector512<float> W8 { get; } = Vector512.Create(taps[8]);

        public Vector512<float> W9 { get; } = Vector512.Create(taps[9]);

        /// <summary>The filter's taps, for the scalar single columns.</summary>
        public float[] Taps { get; } = taps;
    }
}
