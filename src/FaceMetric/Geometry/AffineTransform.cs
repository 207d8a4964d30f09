namespace FaceMetric.Geometry;

/// <summary>
/// A 2-D affine map <c>p -&gt; M p + B</c> (dlib's <c>point_transform_affine</c>), applied in dlib's operation order:
/// <c>x' = (m00 x + m01 y) + b0</c>.
/// </summary>
internal readonly record struct AffineTransform(double M00, double M01, double M10, double M11, double B0, double B1)
{
    public (double X, double Y) Apply(double x, double y) =>
        ((M00 * x) + (M01 * y) + B0, (M10 * x) + (M11 * y) + B1);

    /// <summary>
    /// The affine map taking three points <paramref name="p1"/>, <paramref name="p2"/>, <paramref name="p3"/> to
    /// <paramref name="q1"/>, <paramref name="q2"/>, <paramref name="q3"/> (dlib's <c>find_affine_transform</c> on three
    /// points, which is exact). Collinear sources give the least-squares, minimum-norm map, as dlib's pseudo-inverse does,
    /// only in the cases this library creates (sources on a horizontal or vertical line).
    /// </summary>
    public static AffineTransform FromPoints(
        (double X, double Y) p1, (double X, double Y) p2, (double X, double Y) p3,
        (double X, double Y) q1, (double X, double Y) q2, (double X, double Y) q3)
    {
        // Solve [x y 1] * [m0; m1; b] = q for both output coordinates by Cramer's rule.
        double det = (p1.X * (p2.Y - p3.Y)) - (p1.Y * (p2.X - p3.X)) + ((p2.X * p3.Y) - (p3.X * p2.Y));
        if (det == 0)
        {
            return LeastSquares(p1, p2, p3, q1, q2, q3);
        }

        (double a, double b, double c) Solve(double v1, double v2, double v3)
        {
            double da = (v1 * (p2.Y - p3.Y)) - (p1.Y * (v2 - v3)) + ((v2 * p3.Y) - (v3 * p2.Y));
            double db = (p1.X * (v2 - v3)) - (v1 * (p2.X - p3.X)) + ((p2.X * v3) - (p3.X * v2));
            double dc = (p1.X * ((p2.Y * v3) - (p3.Y * v2))) - (p1.Y * ((p2.X * v3) - (p3.X * v2))) + (v1 * ((p2.X * p3.Y) - (p3.X * p2.Y)));
            return (da / det, db / det, dc / det);
        }

        var (m00, m01, b0) = Solve(q1.X, q2.X, q3.X);
        var (m10, m11, b1) = Solve(q1.Y, q2.Y, q3.Y);
        return new AffineTransform(m00, m01, m10, m11, b0, b1);
    }

    private static AffineTransform LeastSquares(
        (double X, double Y) p1, (double X, double Y) p2, (double X, double Y) p3,
        (double X, double Y) q1, (double X, double Y) q2, (double X, double Y) q3)
    {
        // Minimum-norm least squares over the (degenerate) point set: fit q = a x + b y + c with the component along
        // the null direction set to zero. The sources here are chip corners, so the degenerate set is collinear along
        // x or y (a chip one pixel wide or high) or a single point.
        double mx = (p1.X + p2.X + p3.X) / 3, my = (p1.Y + p2.Y + p3.Y) / 3;
        double qx = (q1.X + q2.X + q3.X) / 3, qy = (q1.Y + q2.Y + q3.Y) / 3;
        double sxx = Sq(p1.X - mx) + Sq(p2.X - mx) + Sq(p3.X - mx);
        double syy = Sq(p1.Y - my) + Sq(p2.Y - my) + Sq(p3.Y - my);
        double a0 = 0, a1 = 0, c0 = 0, c1 = 0;
        if (sxx > 0)
        {
            a0 = (((p1.X - mx) * (q1.X - qx)) + ((p2.X - mx) * (q2.X - qx)) + ((p3.X - mx) * (q3.X - qx))) / sxx;
            a1 = (((p1.X - mx) * (q1.Y - qy)) + ((p2.X - mx) * (q2.Y - qy)) + ((p3.X - mx) * (q3.Y - qy))) / sxx;
        }

        if (syy > 0)
        {
            c0 = (((p1.Y - my) * (q1.X - qx)) + ((p2.Y - my) * (q2.X - qx)) + ((p3.Y - my) * (q3.X - qx))) / syy;
            c1 = (((p1.Y - my) * (q1.Y - qy)) + ((p2.Y - my) * (q2.Y - qy)) + ((p3.Y - my) * (q3.Y - qy))) / syy;
        }

        return new AffineTransform(a0, c0, a1, c1, qx - (a0 * mx) - (c0 * my), qy - (a1 * mx) - (c1 * my));

        static double Sq(double v) => v * v;
    }
}
