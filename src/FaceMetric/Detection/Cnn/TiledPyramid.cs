using FaceMetric.Geometry;

namespace FaceMetric.Detection.Cnn;

/// <summary>
/// dlib's tiled image pyramid as <c>input_rgb_image_pyramid&lt;pyramid_down&lt;6&gt;&gt;::to_tensor</c> builds it
/// (dlib/dnn/input.h, dlib/image_transforms/image_pyramid.h): every pyramid level in one image, the largest at the
/// top left, the next ones below it, and the smallest climbing up the right side. Levels are 5/6 of the previous one
/// (<c>floor(5/6.0 * size)</c>) down to 5 rows; the image is the planar RGB tensor <c>(v - mean) / 256</c>, zero
/// outside the levels, each level resized from the one before with dlib's float bilinear <c>resize_image</c>
/// (<see cref="DlibFloatBilinearResize"/>, what <c>tt::resize_bilinear</c> calls on the CPU).
/// </summary>
internal sealed class TiledPyramid
{
    private const int MinLevelHeight = 5;

    private TiledPyramid(List<PixelRect> levels, int rows, int cols)
    {
        Levels = levels;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>Where each level sits in the tiled image (dlib rectangles), level 0 (the image itself) first.</summary>
    public IReadOnlyList<PixelRect> Levels { get; }

    /// <summary>Rows of the tiled image.</summary>
    public int Rows { get; }

    /// <summary>Columns of the tiled image.</summary>
    public int Cols { get; }

    /// <summary>
    /// dlib's <c>impl::compute_tiled_image_pyramid_details</c> for pyramid_down&lt;6&gt;, with its unsigned arithmetic
    /// (rectangle widths and heights are <c>unsigned long</c> there, so differences that go below zero wrap).
    /// </summary>
    public static TiledPyramid Layout(int width, int height, int padding, int outerPadding)
    {
        var rects = new List<PixelRect>();
        if ((long)width * height == 0)
        {
            return new TiledPyramid(rects, 0, 0);
        }

        rects.Add(new PixelRect(0, 0, width - 1, height - 1));
        long nr = height, nc = width;
        const double Rate = (6 - 1.0) / 6;
        while (true)
        {
            nr = (long)Math.Floor(Rate * nr);
            nc = (long)Math.Floor(Rate * nc);
            if (nr * nc == 0 || nr < MinLevelHeight)
            {
                break;
            }

            rects.Add(new PixelRect(0, 0, nc - 1, nr - 1));
        }

        ulong pad = (ulong)padding;
        long totalHeight = 0;
        foreach (PixelRect r in rects)
        {
            totalHeight += r.Height + padding;
        }

        totalHeight -= padding * 2;
        ulong w0 = (ulong)rects[0].Width, h0 = (ulong)rects[0].Height;
        long columnHeight = 0, previousWidth = 0;
        foreach (PixelRect r in rects)
        {
            // Stop the first column once the next level fits beside the previous one and the column holds at least
            // half the height; unsigned as in dlib.
            bool fitsBeside = (ulong)r.Width <= unchecked(w0 - (ulong)previousWidth - pad);
            bool halfDone = unchecked(((ulong)columnHeight - h0) * 2) >= unchecked((ulong)totalHeight - h0);
            if (fitsBeside && halfDone)
            {
                break;
            }

            columnHeight += r.Height + padding;
            previousWidth = r.Width;
        }

        columnHeight -= padding;
        long tiledRows = columnHeight + (outerPadding * 2L);
        long tiledCols = rects[0].Width + (outerPadding * 2L);

        long y = outerPadding;
        int i = 0;
        while (y < columnHeight + outerPadding && i < rects.Count)
        {
            rects[i] = Translate(rects[i], outerPadding, y);
            y += rects[i].Height + padding;
            i++;
        }

        y -= padding;
        while (i < rects.Count)
        {
            // Right-aligned, bottom edge at y - 1, climbing up.
            long right = outerPadding + rects[0].Width - 1, bottom = y - 1;
            var rect = new PixelRect(right - (rects[i].Width - 1), bottom - (rects[i].Height - 1), right, bottom);
            if (!rects[0].Intersect(rect).IsEmpty)
            {
                break;
            }

            rects[i] = rect;
            y -= rect.Height + padding;
            i++;
        }

        rects.RemoveRange(i, rects.Count - i);
        if (tiledRows > int.MaxValue || tiledCols > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "The tiled pyramid is too large.");
        }

        return new TiledPyramid(rects, (int)tiledRows, (int)tiledCols);
    }

    /// <summary>
    /// Writes the tiled pyramid of <paramref name="image"/> into <paramref name="tensor"/> ([3, Rows, Cols], planar RGB):
    /// zero everywhere, level 0 as <c>((float)v - mean) / 256</c>, each later level resized from the previous one. The
    /// detector writes it in bands instead (<see cref="TiledPyramidRows"/>), with the same floats.
    /// </summary>
    public void Fill(RgbRaster image, ReadOnlySpan<float> means, Span<float> tensor) =>
        new TiledPyramidRows(this, image, means).Write(0, Rows, tensor);

    /// <summary>dlib's <c>nearest_rect</c>: the first level containing the point, else the nearest one.</summary>
    public int NearestLevel(long x, long y)
    {
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int i = 0; i < Levels.Count; i++)
        {
            PixelRect r = Levels[i];
            if (x >= r.Left && x <= r.Right && y >= r.Top && y <= r.Bottom)
            {
                return i;
            }

            double dx = x - Math.Clamp(x, r.Left, r.Right), dy = y - Math.Clamp(y, r.Top, r.Bottom);
            double distance = Math.Sqrt((dx * dx) + (dy * dy));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }

        return best;
    }

    private static PixelRect Translate(PixelRect r, long dx, long dy) => new(r.Left + dx, r.Top + dy, r.Right + dx, r.Bottom + dy);
}
