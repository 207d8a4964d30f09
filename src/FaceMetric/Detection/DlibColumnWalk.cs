namespace FaceMetric.Detection;

/// <summary>
/// The column walk of dlib's SIMD bilinear <c>resize_image</c> (dlib/image_transforms/interpolation.h), shared by the
/// 8-bit RGB resize of the HOG detector (<see cref="Hog.DlibBilinearResize"/>) and the float resize of the CNN detector's
/// pyramid (<see cref="Cnn.DlibFloatBilinearResize"/>): both walk the columns the same way.
/// </summary>
internal static class DlibColumnWalk
{
    /// <summary>
    /// dlib's four-lane column walk: lane k starts at (float)((k - 4) * xScale) and every group adds (float)(4 * xScale);
    /// a group is used while its last lane's right neighbour is inside the image. Returns the first tail column.
    /// </summary>
    public static int VectorColumns(double xScale, int inW, int outW, int[] left, float[] lr, float[] invLr)
    {
        double x = -4 * xScale;
        float step = (float)(4 * xScale);
        Span<float> xs = [(float)x, (float)(x + xScale), (float)(x + (2 * xScale)), (float)(x + (3 * xScale))];
        Span<int> l = stackalloc int[4];
        int c = 0;
        for (; ; c += 4)
        {
            for (int k = 0; k < 4; k++)
            {
                xs[k] += step;
                l[k] = (int)xs[k];
            }

            if (l[3] + 1 >= inW)
            {
                return c;
            }

            for (int k = 0; k < 4 && c + k < outW; k++)
            {
                left[c + k] = l[k];
                lr[c + k] = xs[k] - l[k];
                invLr[c + k] = 1 - lr[c + k];
            }

            if (c + 4 >= outW)
            {
                // Not reached for pyramid sizes (the walk leaves the image first); dlib would write past the row here.
                return outW;
            }
        }
    }
}
