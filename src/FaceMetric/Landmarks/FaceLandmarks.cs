using System.Collections.ObjectModel;
using System.Numerics;

namespace FaceMetric.Landmarks;

/// <summary>
/// The landmark points of one face, in image pixels. Immutable.
/// </summary>
/// <remarks>
/// 68 points follow dlib's iBUG 300-W order: jaw 0-16, right brow 17-21, left brow 22-26 (the subject's right and
/// left, i.e. image left to right), nose 27-35, eyes 36-41 and 42-47, mouth 48-67.
/// </remarks>
public sealed class FaceLandmarks
{
    /// <summary>The number of points of the iBUG 68-point layout.</summary>
    public const int Count68 = 68;

    /// <summary>The number of points of dlib's 5-point layout.</summary>
    public const int Count5 = 5;

    private readonly ReadOnlyCollection<Vector2> _points;

    /// <summary>Creates the landmarks from their points (copied).</summary>
    /// <param name="points">68 (iBUG order) or 5 points, each with finite coordinates.</param>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException">Not 68 or 5 points, or a coordinate is not finite.</exception>
    public FaceLandmarks(Vector2[] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Length is not (Count68 or Count5))
        {
            throw new ArgumentException($"Face landmarks have {Count68} or {Count5} points; got {points.Length}.", nameof(points));
        }

        for (int i = 0; i < points.Length; i++)
        {
            if (!float.IsFinite(points[i].X) || !float.IsFinite(points[i].Y))
            {
                throw new ArgumentException($"Landmark {i} is not finite: {points[i]}.", nameof(points));
            }
        }

        _points = Array.AsReadOnly((Vector2[])points.Clone());
    }

    /// <summary>The points in image pixels (x right, y down), in layout order.</summary>
    public IReadOnlyList<Vector2> Points => _points;
}
