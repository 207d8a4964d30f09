using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceMetric.Tests.Detection.Hog;

/// <summary>
/// The <c>SeparableFilter</c> as it was before its AVX-512 path (kept verbatim as the reference the fast code is
/// compared against, bit for bit): dlib's <c>float_spatially_filter_image_separable</c>, bit for bit: a row filter along every row into a scratch
/// image, then a column filter down the columns, over the region where the whole filter fits. Columns are taken in
/// groups of eight from the region's left edge, each group with three interleaved accumulators (taps 0, 3, 6, …;
/// 1, 4, 7, …; 2, 5, 8, …; summed as a + (b + c)), and the columns left over one at a time with a single accumulator,
/// exactly as dlib's SIMD and scalar paths do. A group is one <see cref="Vector256{T}"/>: the same eight lanes, the
/// same operations, so the same bits.
/// </summary>
internal static class ScalarReferenceSeparableFilter
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
    public static void Apply(ReadOnlySpan<float> input, int rows, int cols, float[] row, float[] column, Span<float> scratch,
        Span<float> output, bool addTo)
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

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> inRow = input.Slice(r * cols, cols);
            Span<float> scratchRow = scratch.Slice(r * cols, cols);
            for (int c = left; c < groupsEnd; c += 8)
            {
                Vector256<float> a = Vector256<float>.Zero, b = Vector256<float>.Zero, d = Vector256<float>.Zero;
                int n = 0;
                for (; n < row.Length - 2; n += 3)
                {
                    a += Load(inRow, c - left + n) * Vector256.Create(row[n]);
                    b += Load(inRow, c - left + n + 1) * Vector256.Create(row[n + 1]);
                    d += Load(inRow, c - left + n + 2) * Vector256.Create(row[n + 2]);
                }

                for (; n < row.Length; n++)
                {
                    a += Load(inRow, c - left + n) * Vector256.Create(row[n]);
                }

                Store(a + (b + d), scratchRow, c);
            }

            for (int c = groupsEnd; c < right; c++)
            {
                float t = 0;
                for (int n = 0; n < row.Length; n++)
                {
                    t += inRow[c - left + n] * row[n];
                }

                scratchRow[c] = t;
            }
        }

        for (int r = top; r < bottom; r++)
        {
            Span<float> outRow = output.Slice(r * cols, cols);
            for (int c = left; c < groupsEnd; c += 8)
            {
                Vector256<float> a = Vector256<float>.Zero, b = Vector256<float>.Zero, d = Vector256<float>.Zero;
                int m = 0;
                for (; m < column.Length - 2; m += 3)
                {
                    a += Load(scratch, ((r - top + m) * cols) + c) * Vector256.Create(column[m]);
                    b += Load(scratch, ((r - top + m + 1) * cols) + c) * Vector256.Create(column[m + 1]);
                    d += Load(scratch, ((r - top + m + 2) * cols) + c) * Vector256.Create(column[m + 2]);
                }

                for (; m < column.Length; m++)
                {
                    a += Load(scratch, ((r - top + m) * cols) + c) * Vector256.Create(column[m]);
                }

                a += b + d;
                if (addTo)
                {
                    a += Load(outRow, c);
                }

                Store(a, outRow, c);
            }

            for (int c = groupsEnd; c < right; c++)
            {
                float t = 0;
                for (int m = 0; m < column.Length; m++)
                {
                    t += scratch[((r - top + m) * cols) + c] * column[m];
                }

                outRow[c] = addTo ? outRow[c] + t : t;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load(ReadOnlySpan<float> s, int at) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(s.Slice(at, 8)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> v, Span<float> s, int at) =>
        v.StoreUnsafe(ref MemoryMarshal.GetReference(s.Slice(at, 8)));
}
