namespace FaceMetric.Geometry;

/// <summary>
/// dlib's <c>drectangle</c>: a rectangle with real-valued, inclusive edges. The arithmetic mirrors dlib 19.24
/// operation by operation (width = right - left + 1, empty when top &gt; bottom or left &gt; right) so that results
/// agree with dlib to the last bit.
/// </summary>
internal readonly record struct DRect(double Left, double Top, double Right, double Bottom)
{
    /// <summary>dlib's default (empty) drectangle: (0, 0, -1, -1).</summary>
    public static DRect Empty => new(0, 0, -1, -1);

    public bool IsEmpty => Top > Bottom || Left > Right;

    public double Width => IsEmpty ? 0 : Right - Left + 1;

    public double Height => IsEmpty ? 0 : Bottom - Top + 1;

    public double Area => Width * Height;

    /// <summary>dlib's <c>center(drectangle)</c>: ((l + r) / 2, (t + b) / 2).</summary>
    public (double X, double Y) Center => ((Left + Right) / 2.0, (Top + Bottom) / 2.0);

    public (double X, double Y) TopLeft => (Left, Top);

    public (double X, double Y) TopRight => (Right, Top);

    public (double X, double Y) BottomLeft => (Left, Bottom);

    public (double X, double Y) BottomRight => (Right, Bottom);

    /// <summary>dlib's <c>drectangle + dpoint</c>: the smallest rectangle holding this one and the point.</summary>
    public DRect Include((double X, double Y) p) =>
        IsEmpty ? new DRect(p.X, p.Y, p.X, p.Y) : new DRect(Math.Min(Left, p.X), Math.Min(Top, p.Y), Math.Max(Right, p.X), Math.Max(Bottom, p.Y));

    /// <summary>dlib's <c>drectangle::intersect</c> (no emptiness check, like dlib).</summary>
    public DRect Intersect(DRect other) =>
        new(Math.Max(Left, other.Left), Math.Max(Top, other.Top), Math.Min(Right, other.Right), Math.Min(Bottom, other.Bottom));

    /// <summary>dlib's <c>grow_rect(rect, num)</c>.</summary>
    public DRect Grow(double num) => new(Left - num, Top - num, Right + num, Bottom + num);

    /// <summary>dlib's <c>translate_rect(rect, p)</c>.</summary>
    public DRect Translate(double dx, double dy) => new(Left + dx, Top + dy, Right + dx, Bottom + dy);

    /// <summary>
    /// dlib's <c>pyramid_down&lt;2&gt;::rect_down</c>: both corners mapped by <c>p / 2 - (1.25, 0.75)</c>, then the
    /// rectangle spanned by the two points.
    /// </summary>
    public DRect PyramidDown()
    {
        double x1 = (Left / 2.0) - 1.25, y1 = (Top / 2.0) - 0.75;
        double x2 = (Right / 2.0) - 1.25, y2 = (Bottom / 2.0) - 0.75;
        return new DRect(Math.Min(x1, x2), Math.Min(y1, y2), Math.Max(x1, x2), Math.Max(y1, y2));
    }

    /// <summary>dlib's conversion <c>drectangle -&gt; rectangle</c>: every edge rounded by <c>floor(v + 0.5)</c>.</summary>
    public PixelRect Round() =>
        new(DlibRounding.Round(Left), DlibRounding.Round(Top), DlibRounding.Round(Right), DlibRounding.Round(Bottom));

    /// <summary>dlib's <c>rotate_point(center, p, angle)</c>, with the sine and cosine given.</summary>
    public static (double X, double Y) RotatePoint((double X, double Y) center, (double X, double Y) p, double sin, double cos)
    {
        double dx = p.X - center.X, dy = p.Y - center.Y;
        double x = (cos * dx) - (sin * dy);
        double y = (sin * dx) + (cos * dy);
        return (x + center.X, y + center.Y);
    }
}
