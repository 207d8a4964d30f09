using FaceMetric.Geometry;
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
        double m00 = map.M00, m01 = map.M01, m10 = map.M10, m11 = map.M11, b0 = map.B0, b1 = map.B1;
        int o = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++, o += 3)
            {
                // dlib's point_transform_affine: (m00 c + m01 r) + b0, evaluated in this order for bit parity.
                double x = (m00 * c) + (m01 * r) + b0;
                double y = (m10 * c) + (m11 * r) + b1;
                double fx = Math.Floor(x), fy = Math.Floor(y);

                // dlib: inside when left >= 0, top >= 0, left + 1 < nc, top + 1 < nr (false for NaN as well).
                if (!(fx >= 0 && fy >= 0 && fx + 1 < width && fy + 1 < height))
                {
                    destination[o] = 0;
                    destination[o + 1] = 0;
                    destination[o + 2] = 0;
                    continue;
                }

                int left = (int)fx, top = (int)fy;
                double lr = x - left, tb = y - top;
                double lrInv = 1 - lr, tbInv = 1 - tb;
                int t = (top * stride) + (left * 3);
                int b = t + stride;
                destination[o] = Blend(source[t], source[t + 3], source[b], source[b + 3], lr, lrInv, tb, tbInv);
                destination[o + 1] = Blend(source[t + 1], source[t + 4], source[b + 1], source[b + 4], lr, lrInv, tb, tbInv);
                destination[o + 2] = Blend(source[t + 2], source[t + 5], source[b + 2], source[b + 5], lr, lrInv, tb, tbInv);
            }
        }
    }

    // dlib's interpolate_bilinear for one channel: (1-tb)((1-lr) tl + lr tr) + tb((1-lr) bl + lr br), truncated.
    private static byte Blend(double tl, double tr, double bl, double br, double lr, double lrInv, double tb, double tbInv) =>
        (byte)((tbInv * ((lrInv * tl) + (lr * tr))) + (tb * ((lrInv * bl) + (lr * br))));
}
