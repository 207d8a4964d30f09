namespace FaceMetric.Geometry;

/// <summary>dlib's <c>rectangle</c>: integer, inclusive edges; empty when top &gt; bottom or left &gt; right.</summary>
internal readonly record struct PixelRect(long Left, long Top, long Right, long Bottom)
{
    /// <summary>dlib's default (empty) rectangle: (0, 0, -1, -1).</summary>
    public static PixelRect Empty => new(0, 0, -1, -1);

    /// <summary>
    /// The one conversion from a left/top/size box (exclusive right and bottom edges) to dlib's inclusive rectangle:
    /// right = left + width - 1, bottom = top + height - 1.
    /// </summary>
    public static PixelRect FromSize(long left, long top, long width, long height) => new(left, top, left + width - 1, top + height - 1);

    /// <summary>True when the rectangle holds no pixel.</summary>
    public bool IsEmpty => Top > Bottom || Left > Right;

    public long Width => IsEmpty ? 0 : Right - Left + 1;

    public long Height => IsEmpty ? 0 : Bottom - Top + 1;

    /// <summary>dlib's <c>rectangle::intersect</c>.</summary>
    public PixelRect Intersect(PixelRect other) =>
        new(Math.Max(Left, other.Left), Math.Max(Top, other.Top), Math.Min(Right, other.Right), Math.Min(Bottom, other.Bottom));

    /// <summary>dlib's <c>rectangle + rectangle</c>: the smallest rectangle holding both, ignoring empty ones.</summary>
    public PixelRect Union(PixelRect other)
    {
        if (other.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        return new PixelRect(Math.Min(Left, other.Left), Math.Min(Top, other.Top), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));
    }
}
