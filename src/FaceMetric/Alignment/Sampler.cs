namespace FaceMetric.Alignment;

/// <summary>dlib's <c>transform_image</c> with <c>interpolate_bilinear</c> and a black background, on interleaved RGB.</summary>
internal static class Sampler
{
    /// <summary>
    /// Fills a Rows x Cols chip: chip pixel (c, r) takes the bilinear blend at <c>map(c, r)</c> in the source, computed in
    /// double precision exactly as dlib writes it and truncated to a byte, or black when the 2 x 2 neighbourhood of that
    /// point is not wholly inside the source.
    /// </summary>
    public static void Bilinear(
        ReadOnlySpan<byte> source, int width, int height, int stride, in AffineTransform map, int rows, int cols, Span<byte> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            Span<byte> outRow = destination.Slice(r * cols * 3, cols * 3);
            for (int c = 0; c < cols; c++)
            {
                var (x, y) = map.Apply(c, r);
                double fx = Math.Floor(x), fy = Math.Floor(y);
                Span<byte> o = outRow.Slice(c * 3, 3);

                // dlib: inside when left >= 0, top >= 0, left + 1 < nc, top + 1 < nr (false for NaN as well).
                if (!(fx >= 0 && fy >= 0 && fx + 1 < width && fy + 1 < height))
                {
                    o.Clear();
                    continue;
                }

                int left = (int)fx, top = (int)fy;
                double lr = x - left, tb = y - top;
                double lrInv = 1 - lr, tbInv = 1 - tb;
                ReadOnlySpan<byte> t = source.Slice((top * stride) + (left * 3), 6);
                ReadOnlySpan<byte> b = source.Slice(((top + 1) * stride) + (left * 3), 6);
                for (int ch = 0; ch < 3; ch++)
                {
                    double value = (tbInv * ((lrInv * t[ch]) + (lr * t[3 + ch]))) + (tb * ((lrInv * b[ch]) + (lr * b[3 + ch])));
                    o[ch] = (byte)value;
                }
            }
        }
    }
}
