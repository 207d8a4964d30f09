using System.Numerics;

namespace FaceMetric.Alignment;

/// <summary>
/// dlib's <c>pyramid_down&lt;2&gt;</c> for RGB images, bit for bit: a separable 5-tap [1 4 6 4 1] filter on every
/// second column and every second row, integer sums (16 bits per channel), the result divided by 256 with truncation.
/// Output pixel (c, r) is centred on input pixel (2c + 2, 2r + 2); an input of w x h pixels gives
/// ((w - 3) / 2) x ((h - 3) / 2), and inputs of 8 pixels or fewer in either direction give an empty image.
/// </summary>
internal static class PyramidDown2
{
    /// <summary>The output size for an input of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public static (int Width, int Height) OutputSize(int width, int height) =>
        width <= 8 || height <= 8 ? (0, 0) : ((width - 3) / 2, (height - 3) / 2);

    /// <summary>Downsamples an interleaved RGB image.</summary>
    /// <param name="source">Source pixels, <paramref name="sourceStride"/> bytes per row.</param>
    /// <param name="width">Source width in pixels.</param>
    /// <param name="height">Source height in pixels.</param>
    /// <param name="sourceStride">Bytes per source row, at least 3 * <paramref name="width"/>.</param>
    /// <param name="destination">Receives <see cref="OutputSize"/> pixels, densely packed (3 bytes per pixel).</param>
    public static void Down(ReadOnlySpan<byte> source, int width, int height, int sourceStride, Span<byte> destination)
    {
        var (outWidth, outHeight) = OutputSize(width, height);
        if (outWidth == 0)
        {
            return;
        }

        int rowLength = outWidth * 3;

        // Five rolling rows of horizontally filtered sums: source rows 2r .. 2r + 4 for output row r.
        ushort[] ring = System.Buffers.ArrayPool<ushort>.Shared.Rent(rowLength * 5);
        try
        {
            Span<ushort> rows = ring.AsSpan(0, rowLength * 5);
            int filtered = 0;
            for (int r = 0; r < outHeight; r++)
            {
                // Output row r is centred on source row 2r + 2 and needs source rows 2r .. 2r + 4, which the ring keeps
                // in slots (source row mod 5).
                int first = 2 * r;
                for (; filtered <= first + 4; filtered++)
                {
                    FilterRow(source.Slice(filtered * sourceStride, width * 3), rows.Slice((filtered % 5) * rowLength, rowLength));
                }

                ReadOnlySpan<ushort> r0 = rows.Slice((first % 5) * rowLength, rowLength);
                ReadOnlySpan<ushort> r1 = rows.Slice(((first + 1) % 5) * rowLength, rowLength);
                ReadOnlySpan<ushort> r2 = rows.Slice(((first + 2) % 5) * rowLength, rowLength);
                ReadOnlySpan<ushort> r3 = rows.Slice(((first + 3) % 5) * rowLength, rowLength);
                ReadOnlySpan<ushort> r4 = rows.Slice(((first + 4) % 5) * rowLength, rowLength);
                FilterColumns(r0, r1, r2, r3, r4, destination.Slice(r * rowLength, rowLength));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<ushort>.Shared.Return(ring);
        }
    }

    // Vertical [1 4 6 4 1] over five rows of horizontal sums, then / 256. The sums stay below 16 * 16 * 255 = 65280, so
    // 16-bit lanes hold them exactly, as dlib's uint16 arithmetic does.
    private static void FilterColumns(
        ReadOnlySpan<ushort> r0, ReadOnlySpan<ushort> r1, ReadOnlySpan<ushort> r2, ReadOnlySpan<ushort> r3, ReadOnlySpan<ushort> r4, Span<byte> output)
    {
        int i = 0;
        int lanes = Vector<ushort>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + (2 * lanes) <= output.Length; i += 2 * lanes)
            {
                Vector<ushort> lo = Sum(r0, r1, r2, r3, r4, i);
                Vector<ushort> hi = Sum(r0, r1, r2, r3, r4, i + lanes);
                Vector.Narrow(Vector.ShiftRightLogical(lo, 8), Vector.ShiftRightLogical(hi, 8)).CopyTo(output[i..]);
            }
        }

        for (; i < output.Length; i++)
        {
            output[i] = (byte)((r0[i] + (r1[i] * 4) + (r2[i] * 6) + (r3[i] * 4) + r4[i]) >> 8);
        }

        static Vector<ushort> Sum(
            ReadOnlySpan<ushort> r0, ReadOnlySpan<ushort> r1, ReadOnlySpan<ushort> r2, ReadOnlySpan<ushort> r3, ReadOnlySpan<ushort> r4, int at) =>
            new Vector<ushort>(r0[at..]) + (new Vector<ushort>(r1[at..]) * (ushort)4) + (new Vector<ushort>(r2[at..]) * (ushort)6)
            + (new Vector<ushort>(r3[at..]) * (ushort)4) + new Vector<ushort>(r4[at..]);
    }

    // Horizontal [1 4 6 4 1] on columns 2c .. 2c + 4 of one interleaved RGB row.
    private static void FilterRow(ReadOnlySpan<byte> row, Span<ushort> sums)
    {
        // Input pixel 2c + k, channel ch, sits at byte 6c + 3k + ch.
        for (int o = 0, i = 0; o < sums.Length; o += 3, i += 6)
        {
            sums[o] = (ushort)(row[i] + (row[i + 3] * 4) + (row[i + 6] * 6) + (row[i + 9] * 4) + row[i + 12]);
            sums[o + 1] = (ushort)(row[i + 1] + (row[i + 4] * 4) + (row[i + 7] * 6) + (row[i + 10] * 4) + row[i + 13]);
            sums[o + 2] = (ushort)(row[i + 2] + (row[i + 5] * 4) + (row[i + 8] * 6) + (row[i + 11] * 4) + row[i + 14]);
        }
    }
}
