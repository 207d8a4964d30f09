using FaceMetric.Detection;

namespace FaceMetric.Video.People;

/// <summary>Overlap of two detection boxes.</summary>
internal static class BoxOverlap
{
    /// <summary>Area of the intersection over area of the union, in [0, 1]; 0 for disjoint or empty boxes.</summary>
    public static float IntersectionOverUnion(DetectedFace a, DetectedFace b)
    {
        float w = Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X);
        float h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        float intersection = w * h;
        float union = (a.Width * a.Height) + (b.Width * b.Height) - intersection;
        return union > 0 ? intersection / union : 0;
    }
}
