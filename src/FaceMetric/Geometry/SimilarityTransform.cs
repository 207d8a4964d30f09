namespace FaceMetric.Geometry;

/// <summary>
/// dlib's <c>find_similarity_transform</c>: the least-squares similarity (rotation, uniform scale, translation) taking
/// one point set onto another, by Umeyama's method (IEEE PAMI 13(4), 1991, equations 34-43).
/// </summary>
/// <remarks>
/// In two dimensions the singular value decomposition of the 2x2 cross-covariance <c>C</c> has a closed form: the
/// rotation that maximises <c>trace(R^T C)</c> has angle <c>atan2(c10 - c01, c00 + c11)</c>, and the maximum, which
/// is <c>trace(D S)</c> in Umeyama's notation (the sum of the singular values, or their difference when
/// <c>det C &lt; 0</c>), is <c>hypot(c00 + c11, c10 - c01)</c>. This gives dlib's result without an SVD, to rounding.
/// </remarks>
internal static class SimilarityTransform
{
    /// <summary>Finds the similarity taking <paramref name="from"/>[i] closest to <paramref name="to"/>[i].</summary>
    /// <param name="from">Source points (at least 2).</param>
    /// <param name="to">Destination points, as many as <paramref name="from"/>.</param>
    /// <returns>The transform; all zeros in its linear part when every destination point is the same.</returns>
    public static AffineTransform Find(ReadOnlySpan<(double X, double Y)> from, ReadOnlySpan<(double X, double Y)> to)
    {
        if (from.Length != to.Length || from.Length < 2)
        {
            throw new ArgumentException("A similarity fit needs at least two point pairs.", nameof(from));
        }

        int n = from.Length;
        double mfx = 0, mfy = 0, mtx = 0, mty = 0;
        for (int i = 0; i < n; i++)
        {
            mfx += from[i].X;
            mfy += from[i].Y;
            mtx += to[i].X;
            mty += to[i].Y;
        }

        mfx /= n;
        mfy /= n;
        mtx /= n;
        mty /= n;

        double sigmaFrom = 0, c00 = 0, c01 = 0, c10 = 0, c11 = 0;
        for (int i = 0; i < n; i++)
        {
            double fx = from[i].X - mfx, fy = from[i].Y - mfy;
            double tx = to[i].X - mtx, ty = to[i].Y - mty;
            sigmaFrom += (fx * fx) + (fy * fy);
            c00 += tx * fx;
            c01 += tx * fy;
            c10 += ty * fx;
            c11 += ty * fy;
        }

        sigmaFrom /= n;
        c00 /= n;
        c01 /= n;
        c10 /= n;
        c11 /= n;

        double p = c00 + c11, q = c10 - c01;
        double traceDs = Math.Sqrt((p * p) + (q * q));
        double cos = 1, sin = 0;
        if (traceDs != 0)
        {
            cos = p / traceDs;
            sin = q / traceDs;
        }

        double scale = sigmaFrom != 0 ? 1.0 / sigmaFrom * traceDs : 1;
        double m00 = scale * cos, m01 = scale * -sin, m10 = scale * sin, m11 = scale * cos;
        double b0 = mtx - ((m00 * mfx) + (m01 * mfy));
        double b1 = mty - ((m10 * mfx) + (m11 * mfy));
        return new AffineTransform(m00, m01, m10, m11, b0, b1);
    }
}
