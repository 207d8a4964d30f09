using FaceMetric.Geometry;
using FaceMetric.Alignment;

namespace FaceMetric.Detection.Hog;

/// <summary>One window the HOG scanner kept: dlib's <c>rect_detection</c>.</summary>
/// <param name="Rect">The box in the scanned image's pixels (dlib rectangle, inclusive edges).</param>
/// <param name="Confidence">Filter response minus the filter's bias: 0 at dlib's default threshold.</param>
/// <param name="FilterIndex">Which of the model's filters found it (0 frontal, 1 left, 2 right, 3/4 rotated).</param>
internal readonly record struct HogDetection(PixelRect Rect, double Confidence, int FilterIndex);
