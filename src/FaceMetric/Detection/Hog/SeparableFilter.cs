using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// dlib's <c>float_spatially_filter_image_separable</c>, bit for bit: a row filter along every row into a scratch
/// image, then a column filter down the columns, over the region where the whole filter fits. Columns are taken in
/// groups of eight from the region's left edge, each group with three interleaved accumulators (taps 0, 3, 6, …;
/// 1, 4, 7, …; 2, 5, 8, …; summed as a + (b + c)), and the columns left over one at a time with a single accumulator,
/// exactly as dlib's SIMD and scalar paths do. A group is one <see cref="Vector256{T}"/>: the same eight lanes, the
/// same operations, so the same bits; with AVX-512 two neighbouring groups are one <see cref="Vector512{T}"/>, and two such
/// are worked on side by side. The single columns (at most seven) are one eight-lane vector, a lane per column, each lane
/// with its own single accumulator. Ten-tap filters (the frontal face model's) with AVX-512 go to
/// <see cref="TenTapSeparableFilter"/>.
/// </summary>
internal static class SeparableFilter
{
    /// <summary>The region a filter of this size is applied to: rows [Top, Bottom), columns [Left, Right).</summary>
    public static (int Top, int Left, int Bottom, int Right) Region(int rows, int cols, int rowFilterLength, int colFilterLength) =>
        (colFilterLength / 2, rowFilterLength / 2, rows - ((colFilterLength - 1) / 2), cols - ((rowFilterLength - 1) / 2));

    /// <summary>Filters <paramref name="input"/> into <paramref name="output"/>, overwriting or adding.</summary>
    /// <param name="input">rows x cols floats.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="cols">Columns.</param>
    /// <param name="row">Row filter.</param>
    /// <param name="column">Column filter.</param>
    /// <param name="scratch">rows x cols floats of work space.</param>
    /// <param name="output">rows x cols floats; outside the region it is left alone (callers zero it first).</param>
    /// <param name="addTo">Add to <paramref name="output"/> instead of overwriting it.</param>
    /// <param name="allowAvx512">False to take the eight-lane path even where AVX-512 is available (tests compare the two).</param>
    public static void Apply(ReadOnlySpan<float> input, int rows, int cols, float[] row, float[] column, Span<float> scratch,
        Span<float> output, bool addTo, bool allowAvx512 = true)
    {
        var (top, left, bottom, right) = Region(rows, cols, row.Length, column.Length);
        if (bottom <= top || right <= left)
        {
            return;
        }

        int groupsEnd = left;
        while (groupsEnd < right - 7)
        {
            groupsEnd += 8;
        }

        // The loops below read and write without bounds checks: the spans must hold the whole image.
        if (input.Length < rows * cols || scratch.Length < rows * cols || output.Length < rows * cols)
        {
            throw new ArgumentException("input, scratch and output must each hold rows x cols floats");
        }

        if (allowAvx512 && TenTapSeparableFilter.Applies(row, column))
        {
            TenTapSeparableFilter.Apply(input, rows, cols, row, column, scratch, output, addTo);
            return;
        }

        ref float inp = ref MemoryMarshal.GetReference(input);
        ref float scr = ref MemoryMarshal.GetReference(scratch);
        ref float outp = ref MemoryMarshal.GetReference(output);
        ref float rf = ref MemoryMarshal.GetArrayDataReference(row);
        ref float cf = ref MemoryMarshal.GetArrayDataReference(column);
        bool wide = allowAvx512 && Vector512.IsHardwareAccelerated;
        int singles = right - groupsEnd;
        Vector256<float> keep = SingleColumnLanes(singles);
        int rowLength = row.Length, columnLength = column.Length;
        for (int r = 0; r < rows; r++)
        {
            int rowStart = r * cols;
            int c = left;

            // Four groups at once where AVX-512 allows (two sets of sixteen lanes, independent chains), then two:
            // each lane with its group's operations.
            for (; wide && c + 32 <= groupsEnd; c += 32)
            {
                Vector512<float> a = Vector512<float>.Zero, b = Vector512<float>.Zero, d = Vector512<float>.Zero;
                Vector512<float> a2 = Vector512<float>.Zero, b2 = Vector512<float>.Zero, d2 = Vector512<float>.Zero;
                int at = rowStart + c - left;
                int n = 0;
                for (; n < rowLength - 2; n += 3)
                {
                    Vector512<float> w0 = Vector512.Create(Unsafe.Add(ref rf, n));
                    Vector512<float> w1 = Vector512.Create(Unsafe.Add(ref rf, n + 1));
                    Vector512<float> w2 = Vector512.Create(Unsafe.Add(ref rf, n + 2));
                    a += Vector512.LoadUnsafe(ref inp, (nuint)(at + n)) * w0;
                    a2 += Vector512.LoadUnsafe(ref inp, (nuint)(at + n + 16)) * w0;
                    b += Vector512.LoadUnsafe(ref inp, (nuint)(at + n + 1)) * w1;
                    b2 += Vector512.LoadUnsafe(ref inp, (nuint)(at + n + 17)) * w1;
                    d += Vector512.LoadUnsafe(ref inp, (nuint)(at + n + 2)) * w2;
                    d2 += Vector512.LoadUnsafe(ref inp, (nuint)(at + n + 18)) * w2;
                }

                for (; n < rowLength; n++)
                {
                    Vector512<float> w0 = Vector512.Create(Unsafe.Add(ref rf, n));
                    a += Vector512.LoadUnsafe(ref inp, (nuint)(at + n)) * w0;
                    a2 += Vector512.LoadUnsafe(ref inp, (nuint)(at + n + 16)) * w0;
                }

                (a + (b + d)).StoreUnsafe(ref scr, (nuint)(rowStart + c));
                (a2 + (b2 + d2)).StoreUnsafe(ref scr, (nuint)(rowStart + c + 16));
            }

            for (; wide && c + 16 <= groupsEnd; c += 16)
            {
                Vector512<float> a = Vector512<float>.Zero, b = Vector512<float>.Zero, d = Vector512<float>.Zero;
                int at = rowStart + c - left;
                int n = 0;
                for (; n < rowLength - 2; n += 3)
                {
                    a += Vector512.LoadUnsafe(ref inp, (nuint)(at + n)) * Vector512.Create(Unsafe.Add(ref rf, n));
                    b += Vector512.LoadUnsafe(ref inp, (nuint)(at + n + 1)) * Vector512.Create(Unsafe.Add(ref rf, n + 1));
                    d += Vector512.LoadUnsafe(ref inp, (nuint)(at + n + 2)) * Vector512.Create(Unsafe.Add(ref rf, n + 2));
                }

                for (; n < rowLength; n++)
                {
                    a += Vector512.LoadUnsafe(ref inp, (nuint)(at + n)) * Vector512.Create(Unsafe.Add(ref rf, n));
                }

                (a + (b + d)).StoreUnsafe(ref scr, (nuint)(rowStart + c));
            }

            for (; c < groupsEnd; c += 8)
            {
                Vector256<float> a = Vector256<float>.Zero, b = Vector256<float>.Zero, d = Vector256<float>.Zero;
                int at = rowStart + c - left;
                int n = 0;
                for (; n < rowLength - 2; n += 3)
                {
                    a += Vector256.LoadUnsafe(ref inp, (nuint)(at + n)) * Vector256.Create(Unsafe.Add(ref rf, n));
                    b += Vector256.LoadUnsafe(ref inp, (nuint)(at + n + 1)) * Vector256.Create(Unsafe.Add(ref rf, n + 1));
                    d += Vector256.LoadUnsafe(ref inp, (nuint)(at + n + 2)) * Vector256.Create(Unsafe.Add(ref rf, n + 2));
                }

                for (; n < rowLength; n++)
                {
                    a += Vector256.LoadUnsafe(ref inp, (nuint)(at + n)) * Vector256.Create(Unsafe.Add(ref rf, n));
                }

                (a + (b + d)).StoreUnsafe(ref scr, (nuint)(rowStart + c));
            }

            // The single columns (at most seven) side by side in one vector, each lane with its own single accumulator;
            // one at a time where that vector would read past the input.
            int first = rowStart + groupsEnd - left;
            if (singles > 0 && first + rowLength - 1 + Vector256<float>.Count <= input.Length
                && rowStart + groupsEnd + Vector256<float>.Count <= scratch.Length)
            {
                Vector256<float> t = Vector256<float>.Zero;
                for (int n = 0; n < rowLength; n++)
                {
                    t += Vector256.LoadUnsafe(ref inp, (nuint)(first + n)) * Vector256.Create(Unsafe.Add(ref rf, n));
                }

                ref float into = ref Unsafe.Add(ref scr, rowStart + groupsEnd);
                Vector256.ConditionalSelect(keep, t, Vector256.LoadUnsafe(ref into)).StoreUnsafe(ref into);
                continue;
            }

            for (c = groupsEnd; c < right; c++)
            {
                float t = 0;
                int at = rowStart + c - left;
                for (int n = 0; n < rowLength; n++)
                {
                    t += Unsafe.Add(ref inp, at + n) * Unsafe.Add(ref rf, n);
                }

                Unsafe.Add(ref scr, rowStart + c) = t;
            }
        }

        for (int r = top; r < bottom; r++)
        {
            int rowStart = r * cols, first = (r - top) * cols;
            int c = left;
            for (; wide && c + 32 <= groupsEnd; c += 32)
            {
                Vector512<float> a = Vector512<float>.Zero, b = Vector512<float>.Zero, d = Vector512<float>.Zero;
                Vector512<float> a2 = Vector512<float>.Zero, b2 = Vector512<float>.Zero, d2 = Vector512<float>.Zero;
                int m = 0;
                for (; m < columnLength - 2; m += 3)
                {
                    Vector512<float> w0 = Vector512.Create(Unsafe.Add(ref cf, m));
                    Vector512<float> w1 = Vector512.Create(Unsafe.Add(ref cf, m + 1));
                    Vector512<float> w2 = Vector512.Create(Unsafe.Add(ref cf, m + 2));
                    int r0 = first + (m * cols) + c, r1 = r0 + cols, r2 = r1 + cols;
                    a += Vector512.LoadUnsafe(ref scr, (nuint)r0) * w0;
                    a2 += Vector512.LoadUnsafe(ref scr, (nuint)(r0 + 16)) * w0;
                    b += Vector512.LoadUnsafe(ref scr, (nuint)r1) * w1;
                    b2 += Vector512.LoadUnsafe(ref scr, (nuint)(r1 + 16)) * w1;
                    d += Vector512.LoadUnsafe(ref scr, (nuint)r2) * w2;
                    d2 += Vector512.LoadUnsafe(ref scr, (nuint)(r2 + 16)) * w2;
                }

                for (; m < columnLength; m++)
                {
                    Vector512<float> w0 = Vector512.Create(Unsafe.Add(ref cf, m));
                    int r0 = first + (m * cols) + c;
                    a += Vector512.LoadUnsafe(ref scr, (nuint)r0) * w0;
                    a2 += Vector512.LoadUnsafe(ref scr, (nuint)(r0 + 16)) * w0;
                }

                a += b + d;
                a2 += b2 + d2;
                if (addTo)
                {
                    a += Vector512.LoadUnsafe(ref outp, (nuint)(rowStart + c));
                    a2 += Vector512.LoadUnsafe(ref outp, (nuint)(rowStart + c + 16));
                }

                a.StoreUnsafe(ref outp, (nuint)(rowStart + c));
                a2.StoreUnsafe(ref outp, (nuint)(rowStart + c + 16));
            }

            for (; wide && c + 16 <= groupsEnd; c += 16)
            {
                Vector512<float> a = Vector512<float>.Zero, b = Vector512<float>.Zero, d = Vector512<float>.Zero;
                int m = 0;
                for (; m < columnLength - 2; m += 3)
                {
                    a += Vector512.LoadUnsafe(ref scr, (nuint)(first + (m * cols) + c)) * Vector512.Create(Unsafe.Add(ref cf, m));
                    b += Vector512.LoadUnsafe(ref scr, (nuint)(first + ((m + 1) * cols) + c)) * Vector512.Create(Unsafe.Add(ref cf, m + 1));
                    d += Vector512.LoadUnsafe(ref scr, (nuint)(first + ((m + 2) * cols) + c)) * Vector512.Create(Unsafe.Add(ref cf, m + 2));
                }

                for (; m < columnLength; m++)
                {
                    a += Vector512.LoadUnsafe(ref scr, (nuint)(first + (m * cols) + c)) * Vector512.Create(Unsafe.Add(ref cf, m));
                }

                a += b + d;
                if (addTo)
                {
                    a += Vector512.LoadUnsafe(ref outp, (nuint)(rowStart + c));
                }

                a.StoreUnsafe(ref outp, (nuint)(rowStart + c));
            }

            for (; c < groupsEnd; c += 8)
            {
                Vector256<float> a = Vector256<float>.Zero, b = Vector256<float>.Zero, d = Vector256<float>.Zero;
                int m = 0;
                for (; m < columnLength - 2; m += 3)
                {
                    a += Vector256.LoadUnsafe(ref scr, (nuint)(first + (m * cols) + c)) * Vector256.Create(Unsafe.Add(ref cf, m));
                    b += Vector256.LoadUnsafe(ref scr, (nuint)(first + ((m + 1) * cols) + c)) * Vector256.Create(Unsafe.Add(ref cf, m + 1));
                    d += Vector256.LoadUnsafe(ref scr, (nuint)(first + ((m + 2) * cols) + c)) * Vector256.Create(Unsafe.Add(ref cf, m + 2));
                }

                for (; m < columnLength; m++)
                {
                    a += Vector256.LoadUnsafe(ref scr, (nuint)(first + (m * cols) + c)) * Vector256.Create(Unsafe.Add(ref cf, m));
                }

                a += b + d;
                if (addTo)
                {
                    a += Vector256.LoadUnsafe(ref outp, (nuint)(rowStart + c));
                }

                a.StoreUnsafe(ref outp, (nuint)(rowStart + c));
            }

            if (singles > 0 && first + groupsEnd + ((columnLength - 1) * cols) + Vector256<float>.Count <= scratch.Length
                && rowStart + groupsEnd + Vector256<float>.Count <= output.Length)
            {
                Vector256<float> t = Vector256<float>.Zero;
                for (int m = 0; m < columnLength; m++)
                {
                    t += Vector256.LoadUnsafe(ref scr, (nuint)(first + (m * cols) + groupsEnd)) * Vector256.Create(Unsafe.Add(ref cf, m));
                }

                ref float into = ref Unsafe.Add(ref outp, rowStart + groupsEnd);
                Vector256<float> old = Vector256.LoadUnsafe(ref into);
                Vector256.ConditionalSelect(keep, addTo ? old + t : t, old).StoreUnsafe(ref into);
                continue;
            }

            for (c = groupsEnd; c < right; c++)
            {
                float t = 0;
                for (int m = 0; m < columnLength; m++)
                {
                    t += Unsafe.Add(ref scr, first + (m * cols) + c) * Unsafe.Add(ref cf, m);
                }

                Unsafe.Add(ref outp, rowStart + c) = addTo ? Unsafe.Add(ref outp, rowStart + c) + t : t;
            }
        }
    }

    /// <summary>
    /// The lanes of an eight-lane vector that hold the region's single columns (the first <paramref name="singles"/>):
    /// a vector of them is stored blended with what was there, so the columns right of the region are left alone.
    /// </summary>
    internal static Vector256<float> SingleColumnLanes(int singles) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(singles)).AsSingle();
}
