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
                Span<byte> output = destination.Slice(r * rowLength, rowLength);
                for (int i = 0; i < rowLength; i++)
                {
                    int sum = r0[i] + (r1[i] * 4) + (r2[i] * 6) + (r3[i] * 4) + r4[i];
                    output[i] = (byte)(sum >> 8);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<ushort>.Shared.Return(ring);
        }
    }

    // Horizontal [1 4 6 4 1] on columns 2c .. 2c + 4 of one interleaved RGB row.
    private static void FilterRow(ReadOnlySpan<byte> row, Span<ushort> sums)
    {
        int outWidth = sums.Length / 3;
        for (int c = 0; c < outWidth; c++)
        {
            ReadOnlySpan<byte> p = row.Slice(c * 6, 15);
            for (int ch = 0; ch < 3; ch++)
            {
                sums[(c * 3) + ch] = (ushort)(p[ch] + (p[3 + ch] * 4) + (p[6 + ch] * 6) + (p[9 + ch] * 4) + p[12 + ch]);
            }
        }
    }
}
