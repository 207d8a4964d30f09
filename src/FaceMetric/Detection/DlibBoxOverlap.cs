using FaceMetric.Geometry;

namespace FaceMetric.Detection;

/// <summary>
/// dlib's <c>test_box_overlap(iou, covered)(a, b)</c> (dlib/image_processing/box_overlap_testing.h): two rectangles
/// overlap when their intersection over the area of their bounding box (dlib's IoU) exceeds <c>iou</c>, or covers more
/// than <c>covered</c> of either. The HOG detector's non-maximum suppression and the MMOD detector's
/// <c>overlaps_nms</c> both use it.
/// </summary>
internal static class DlibBoxOverlap
{
    public static bool Overlaps(PixelRect a, PixelRect b, double iouThreshold, double coveredThreshold)
    {
        double inner = Area(a.Intersect(b));
        if (inner == 0)
        {
            return false;
        }

        double outer = Area(a.Union(b));
        return inner / outer > iouThreshold || inner / Area(a) > coveredThreshold || inner / Area(b) > coveredThreshold;
    }

    private static double Area(PixelRect r) => (double)r.Width * r.Height;
}
