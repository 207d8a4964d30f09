using FaceMetric.Geometry;
namespace FaceMetric.Detection;

/// <summary>
/// The upsampling option of <see cref="SsdFaceDetector"/>: which square tiles to run at each level, which tile boxes
/// are cut by a tile edge, and how boxes found at several levels are merged.
/// </summary>
internal static class DetectionTiling
{
    /// <summary>
    /// A tile box whose unclipped edge comes closer than this fraction of the tile side to an inner tile edge (one
    /// that is not an image edge) is taken to be cut by the tile and dropped.
    /// </summary>
    public const double EdgeMargin = 0.02;

    /// <summary>Boxes overlapping by more than this fraction of the smaller one are the same face (across levels).</summary>
    public const double DuplicateOverlap = 0.5;

    /// <summary>
    /// The tiles of upsampling level <paramref name="level"/> (1 or more) over a <paramref name="width"/> x
    /// <paramref name="height"/> image: side t = ceil(max(width, height) / 2^level); along each axis, tiles start at
    /// evenly spread positions from 0 to extent - t with a stride of at most t / 2 (so any face up to t / 2 wide lies
    /// whole in some tile); a single tile at 0 when the extent is at most t (the rest of that tile is zero padding).
    /// </summary>
    public static List<SquareWindow> Tiles(int width, int height, int level)
    {
        int longer = Math.Max(width, height);
        int side = (int)Math.Ceiling(longer / (double)(1 << level));
        var result = new List<SquareWindow>();
        foreach (int top in Starts(height, side))
        {
            foreach (int left in Starts(width, side))
            {
                result.Add(SquareWindow.Tile(left, top, side, width, height));
            }
        }

        return result;
    }

    /// <summary>
    /// Maps a candidate from a tile to image pixels, or returns null when the box touches an inner tile edge.
    /// </summary>
    public static DetectedFace? FromTile(in SsdCandidate c, SquareWindow tile, int imageWidth, int imageHeight)
    {
        PixelBox content = tile.Content;
        bool innerLeft = tile.Left > 0, innerTop = tile.Top > 0;
        bool innerRight = content.X + content.Width < imageWidth, innerBottom = content.Y + content.Height < imageHeight;
        double contentRight = (content.X + content.Width - tile.Left) / (double)tile.Side;
        double contentBottom = (content.Y + content.Height - tile.Top) / (double)tile.Side;
        if ((innerLeft && c.XMin < EdgeMargin) || (innerTop && c.YMin < EdgeMargin)
            || (innerRight && c.XMax > contentRight - EdgeMargin) || (innerBottom && c.YMax > contentBottom - EdgeMargin))
        {
            return null;
        }

        double left = tile.Left + (Math.Max(0.0, c.XMin) * tile.Side);
        double top = tile.Top + (Math.Max(0.0, c.YMin) * tile.Side);
        double right = tile.Left + (Math.Min(contentRight, c.XMax) * tile.Side);
        double bottom = tile.Top + (Math.Min(contentBottom, c.YMax) * tile.Side);
        if (right <= left || bottom <= top)
        {
            return null;
        }

        return new DetectedFace((float)left, (float)top, (float)(right - left), (float)(bottom - top), c.Score);
    }

    /// <summary>
    /// Adds the faces found at a finer level to those already accepted: highest score first, a face is added unless
    /// it overlaps an accepted one by more than <see cref="DuplicateOverlap"/> of the smaller box's area.
    /// </summary>
    public static void MergeInto(List<DetectedFace> accepted, List<DetectedFace> finer)
    {
        foreach (DetectedFace f in finer.OrderByDescending(f => f.Score))
        {
            bool duplicate = false;
            foreach (DetectedFace a in accepted)
            {
                if (IntersectionOverMinimum(a, f) > DuplicateOverlap)
                {
                    duplicate = true;
                    break;
                }
            }

            if (!duplicate)
            {
                accepted.Add(f);
            }
        }
    }

    /// <summary>Intersection area divided by the smaller box's area (0 when a box is empty).</summary>
    public static double IntersectionOverMinimum(in DetectedFace a, in DetectedFace b)
    {
        double iw = Math.Min((double)a.X + a.Width, (double)b.X + b.Width) - Math.Max(a.X, b.X);
        double ih = Math.Min((double)a.Y + a.Height, (double)b.Y + b.Height) - Math.Max(a.Y, b.Y);
        double smaller = Math.Min((double)a.Width * a.Height, (double)b.Width * b.Height);
        return iw <= 0 || ih <= 0 || smaller <= 0 ? 0.0 : iw * ih / smaller;
    }

    private static IEnumerable<int> Starts(int extent, int side)
    {
        if (extent <= side)
        {
            yield return 0;
            yield break;
        }

        int count = (int)Math.Ceiling((extent - side) / (side / 2.0)) + 1;
        int previous = -1;
        for (int i = 0; i < count; i++)
        {
            int start = (int)Math.Round(i * (extent - side) / (double)(count - 1), MidpointRounding.AwayFromZero);
            if (start != previous)
            {
                yield return start;
            }

            previous = start;
        }
    }
}
