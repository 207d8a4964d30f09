namespace FaceMetric.Geometry;

/// <summary>
/// dlib's rounding of a real coordinate to a pixel: <c>floor(v + 0.5)</c> (halves go up, also for negative values, unlike
/// <see cref="Math.Round(double)"/>). Every port of a dlib computation rounds through here.
/// </summary>
internal static class DlibRounding
{
    /// <summary><c>floor(v + 0.5)</c> as a whole number, as dlib's <c>drectangle</c>-to-<c>rectangle</c> and point rounding.</summary>
    public static long Round(double v) => (long)Math.Floor(v + 0.5);

    /// <summary><c>floor(v + 0.5)</c> kept as a double (for values that stay real-typed, e.g. dlib's rounded point coordinates).</summary>
    public static double RoundToDouble(double v) => Math.Floor(v + 0.5);
}
