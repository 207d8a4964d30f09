using System.Numerics;

namespace FaceMetric.Landmarks;

/// <summary>
/// The landmark points of one face, in image pixel coordinates (x to the right, y down, the centre of the top-left
/// pixel at (0, 0)). Either 68 points in dlib's iBUG-300W order (0-16 jaw, 17-26 eyebrows, 27-35 nose, 36-47 eyes,
/// 48-67 mouth) or 5 points in the order of dlib's <c>shape_predictor_5_face_landmarks</c> (0-1 the corners of the
/// eye on the image's right, 2-3 those of the eye on the image's left, 4 the base of the nose).
/// </summary>
/// <remarks>
/// Immutable: the points are copied in on construction. Thread-safe: instances can be shared freely.
/// </remarks>
public sealed class FaceLandmarks
{
    /// <summary>The number of points of dlib's 68-point (iBUG-300W) layout.</summary>
    public const int Ibug68Count = 68;

    /// <summary>The number of points of dlib's 5-point layout.</summary>
    public const int Dlib5Count = 5;

    private readonly Vector2[] _points;

    /// <summary>Creates a landmark set from 68 or 5 finite points (copied).</summary>
    /// <param name="points">68 points in iBUG order or 5 points in dlib's 5-point order, in image pixel coordinates.</param>
    /// <exception cref="ArgumentException">The count is neither 68 nor 5, or a coordinate is NaN or infinite.</exception>
    public FaceLandmarks(ReadOnlySpan<Vector2> points)
    {
        if (points.Length != Ibug68Count && points.Length != Dlib5Count)
        {
            throw new ArgumentException(
                $"Face landmarks have {Ibug68Count} or {Dlib5Count} points; got {points.Length}.", nameof(points));
        }

        for (int i = 0; i < points.Length; i++)
        {
            if (!float.IsFinite(points[i].X) || !float.IsFinite(points[i].Y))
            {
                throw new ArgumentException(
                    $"Landmark {i} is ({points[i].X}, {points[i].Y}); every coordinate must be finite.", nameof(points));
            }
        }

        _points = points.ToArray();
    }

    /// <summary>The number of points: 68 or 5.</summary>
    public int Count => _points.Length;

    /// <summary>The points, read-only, in the order given on construction.</summary>
    public ReadOnlySpan<Vector2> Points => _points;

    /// <summary>One point.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    /// <returns>The point, in image pixel coordinates.</returns>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public Vector2 this[int index] => _points[index];

    /// <summary>Returns a new array holding a copy of the points.</summary>
    /// <returns>A fresh array the caller owns.</returns>
    public Vector2[] ToArray() => (Vector2[])_points.Clone();
}
