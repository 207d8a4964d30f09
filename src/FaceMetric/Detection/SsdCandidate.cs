namespace FaceMetric.Detection;

/// <summary>
/// A decoded SSD box before mapping to the image: corners (ymin, xmin, ymax, xmax) in units of the network's
/// square input (0..1 inside it, unclipped), its score, and the anchor it came from.
/// </summary>
internal readonly record struct SsdCandidate(float YMin, float XMin, float YMax, float XMax, float Score, int Anchor)
{
    /// <summary>
    /// face-api's IOU (ssdMobilenetv1/nonMaxSuppression.ts), in double: corners re-ordered by min/max, 0 when either
    /// area is not positive.
    /// </summary>
    public static double IntersectionOverUnion(in SsdCandidate a, in SsdCandidate b)
    {
        double aymin = Math.Min(a.YMin, a.YMax), axmin = Math.Min(a.XMin, a.XMax);
        double aymax = Math.Max(a.YMin, a.YMax), axmax = Math.Max(a.XMin, a.XMax);
        double bymin = Math.Min(b.YMin, b.YMax), bxmin = Math.Min(b.XMin, b.XMax);
        double bymax = Math.Max(b.YMin, b.YMax), bxmax = Math.Max(b.XMin, b.XMax);
        double areaA = (aymax - aymin) * (axmax - axmin);
        double areaB = (bymax - bymin) * (bxmax - bxmin);
        if (areaA <= 0 || areaB <= 0)
        {
            return 0.0;
        }

        double ih = Math.Max(Math.Min(aymax, bymax) - Math.Max(aymin, bymin), 0.0);
        double iw = Math.Max(Math.Min(axmax, bxmax) - Math.Max(axmin, bxmin), 0.0);
        double intersection = ih * iw;
        return intersection / (areaA + areaB - intersection);
    }
}
