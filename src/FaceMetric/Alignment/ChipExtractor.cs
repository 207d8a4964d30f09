using FaceMetric.Geometry;
using System.Buffers;

namespace FaceMetric.Alignment;

/// <summary>
/// dlib's <c>extract_image_chip</c> with bilinear interpolation (dlib 19.24), on interleaved 8-bit RGB, bit for bit:
/// <list type="bullet">
/// <item>A chip with angle 0 and the rectangle's own size is a plain copy of the rounded rectangle, black outside the image.</item>
/// <item>Otherwise dlib crops the image to the bounding box of the rotated rectangle grown by 2 pixels (2 * grow + 2 more
/// for every pyramid level), clipped to the image and rounded; while halving the rectangle (<c>pyramid_down&lt;2&gt;</c>
/// geometry) still leaves more pixels than the chip has, it samples one <c>pyramid_down&lt;2&gt;</c> level further down
/// that crop.</item>
/// <item>Each chip pixel maps through the affine map taking the chip's top-left, top-right and bottom-left pixel centres to
/// the rotated rectangle's corners at that level; it takes the bilinear blend of the 2 x 2 neighbours in double precision,
/// truncated to bytes, and is black where the 2 x 2 neighbourhood leaves the crop.</item>
/// </list>
/// One chip at a time, as dlib's <c>extract_image_chip</c> (a batch call in dlib would share one crop for all chips).
/// Thread-safe: no state.
/// </summary>
internal static class ChipExtractor
{
    /// <summary>Works out the plan for one chip of an image of <paramref name="imageWidth"/> x <paramref name="imageHeight"/>.</summary>
    public static ChipPlan Plan(FaceChipDetails details, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentOutOfRangeException.ThrowIfNegative(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(imageHeight);

        DRect location = details.Rect;
        var imageRect = new PixelRect(0, 0, imageWidth - 1L, imageHeight - 1L);
        long size = (long)details.Rows * details.Cols;

        if (details.Angle == 0 && details.Rows == location.Height && details.Cols == location.Width)
        {
            PixelRect rounded = location.Round();
            return new ChipPlan(details.Rows, details.Cols, rounded.Intersect(imageRect), true, rounded, -1, default);
        }

        // How deep a pyramid dlib builds, and how much border it keeps for it.
        double grow = 2;
        DRect down = location.PyramidDown();
        while (down.Area > size)
        {
            down = down.PyramidDown();
            grow = (grow * 2) + 2;
        }

        double sin = Math.Sin(details.Angle), cos = Math.Cos(details.Angle);
        var center = location.Center;
        DRect rotated = DRect.Empty
            .Include(DRect.RotatePoint(center, location.TopLeft, sin, cos))
            .Include(DRect.RotatePoint(center, location.TopRight, sin, cos))
            .Include(DRect.RotatePoint(center, location.BottomLeft, sin, cos))
            .Include(DRect.RotatePoint(center, location.BottomRight, sin, cos));
        var imageDRect = new DRect(0, 0, imageWidth - 1.0, imageHeight - 1.0);
        PixelRect box = PixelRect.Empty.Union(rotated.Grow(grow).Intersect(imageDRect).Round());

        // The level to sample, from the rectangle in crop coordinates (dlib's second loop).
        int level = -1;
        DRect rect = location.Translate(-box.Left, -box.Top);
        while (rect.PyramidDown().Area > size)
        {
            level++;
            rect = rect.PyramidDown();
        }

        var rc = rect.Center;
        AffineTransform chipToSource = ChipCornersTo(
            DRect.RotatePoint(rc, rect.TopLeft, sin, cos),
            DRect.RotatePoint(rc, rect.TopRight, sin, cos),
            DRect.RotatePoint(rc, rect.BottomLeft, sin, cos),
            details.Rows,
            details.Cols);
        return new ChipPlan(details.Rows, details.Cols, box, false, default, level, chipToSource);
    }

    /// <summary>
    /// Extracts a chip from a whole interleaved RGB image.
    /// </summary>
    /// <param name="image">The image, <paramref name="stride"/> bytes per row, 3 bytes per pixel (R, G, B).</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="stride">Bytes per image row, at least 3 * <paramref name="width"/>.</param>
    /// <param name="details">The chip to cut.</param>
    /// <param name="destination">Receives Rows x Cols x 3 bytes, row by row, R G B.</param>
    public static void Extract(ReadOnlySpan<byte> image, int width, int height, int stride, FaceChipDetails details, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width * 3);
        if (height > 0 && image.Length < ((long)(height - 1) * stride) + (width * 3L))
        {
            throw new ArgumentException($"The image span holds {image.Length} bytes; {width} x {height} at stride {stride} needs more.", nameof(image));
        }

        ChipPlan plan = Plan(details, width, height);
        ReadOnlySpan<byte> region = plan.Region.IsEmpty
            ? ReadOnlySpan<byte>.Empty
            : image[(int)((plan.Region.Top * stride) + (plan.Region.Left * 3))..];
        Execute(plan, region, stride, destination);
    }

    /// <summary>Extracts a chip from an interleaved RGB image with rows packed densely (stride 3 * width).</summary>
    public static void Extract(ReadOnlySpan<byte> image, int width, int height, FaceChipDetails details, Span<byte> destination) =>
        Extract(image, width, height, width * 3, details, destination);

    /// <summary>
    /// Runs a plan on the pixels of its <see cref="ChipPlan.Region"/>.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="region">The region's pixels, starting at its top-left pixel, <paramref name="regionStride"/> bytes per
    /// row, 3 bytes per pixel; ignored when the region is empty.</param>
    /// <param name="regionStride">Bytes per region row, at least 3 * region width.</param>
    /// <param name="destination">Receives Rows x Cols x 3 bytes.</param>
    public static void Execute(in ChipPlan plan, ReadOnlySpan<byte> region, int regionStride, Span<byte> destination)
    {
        int chipBytes = plan.Rows * plan.Cols * 3;
        if (destination.Length < chipBytes)
        {
            throw new ArgumentException($"The chip needs {chipBytes} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        destination = destination[..chipBytes];
        int width = (int)plan.Region.Width, height = (int)plan.Region.Height;
        if (plan.IsDirectCopy)
        {
            CopyDirect(plan, region, regionStride, destination);
            return;
        }

        if (plan.Level < 0)
        {
            Sampler.Bilinear(region, width, height, regionStride, plan.ChipToSource, plan.Rows, plan.Cols, destination);
            return;
        }

        // Build pyramid levels 0 .. Level from the region, ping-ponging between two pooled buffers.
        var (w1, h1) = PyramidDown2.OutputSize(width, height);
        byte[] a = ArrayPool<byte>.Shared.Rent(Math.Max(1, w1 * h1 * 3));
        byte[]? b = null;
        try
        {
            PyramidDown2.Down(region, width, height, regionStride, a);
            int w = w1, h = h1;
            byte[] current = a;
            for (int k = 1; k <= plan.Level; k++)
            {
                var (wn, hn) = PyramidDown2.OutputSize(w, h);
                b ??= ArrayPool<byte>.Shared.Rent(Math.Max(1, wn * hn * 3));
                byte[] next = current == a ? b : a;
                PyramidDown2.Down(current, w, h, w * 3, next);
                (current, w, h) = (next, wn, hn);
            }

            Sampler.Bilinear(current, w, h, w * 3, plan.ChipToSource, plan.Rows, plan.Cols, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(a);
            if (b is not null)
            {
                ArrayPool<byte>.Shared.Return(b);
            }
        }
    }

    // dlib's impl::basic_extract_image_chip: copy the rounded rectangle, zero where it leaves the image.
    private static void CopyDirect(in ChipPlan plan, ReadOnlySpan<byte> region, int regionStride, Span<byte> destination)
    {
        destination.Clear();
        PixelRect area = plan.Region;
        if (area.IsEmpty)
        {
            return;
        }

        int rowBytes = (int)area.Width * 3;
        int rowOffset = (int)(area.Top - plan.CopyLocation.Top);
        int colOffset = (int)(area.Left - plan.CopyLocation.Left);
        for (int r = 0; r < (int)area.Height && rowOffset + r < plan.Rows; r++)
        {
            int length = Math.Min(rowBytes, (plan.Cols - colOffset) * 3);
            if (length <= 0)
            {
                break;
            }

            region.Slice(r * regionStride, length).CopyTo(destination.Slice((((rowOffset + r) * plan.Cols) + colOffset) * 3, length));
        }
    }

    // dlib's find_affine_transform from chip corners tl (0,0), tr (cols-1,0), bl (0,rows-1) to three image points.
    private static AffineTransform ChipCornersTo((double X, double Y) tl, (double X, double Y) tr, (double X, double Y) bl, int rows, int cols) =>
        AffineTransform.FromPoints((0, 0), (cols - 1, 0), (0, rows - 1), tl, tr, bl);
}
