using FaceMetric.Geometry;
namespace FaceMetric.Detection;

/// <summary>
/// One face found by an <see cref="IFaceDetector"/>: an axis-aligned box in image pixels and the detector's score.
/// Immutable value.
/// </summary>
/// <remarks>
/// Coordinates are floats in the pixel grid of the image the detector saw (x to the right, y down, origin at the
/// top-left corner of the top-left pixel). The box may extend past the right or bottom image edge by a fraction of a
/// pixel, as face-api's boxes do; <see cref="X"/> and <see cref="Y"/> are never negative for
/// <see cref="SsdFaceDetector"/> results.
/// </remarks>
public readonly record struct DetectedFace
{
    /// <summary>Creates a detection.</summary>
    /// <param name="x">Left edge in pixels; finite.</param>
    /// <param name="y">Top edge in pixels; finite.</param>
    /// <param name="width">Box width in pixels; finite and 0 or more.</param>
    /// <param name="height">Box height in pixels; finite and 0 or more.</param>
    /// <param name="score">The detector's confidence; finite (0..1 for <see cref="SsdFaceDetector"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, or a size is negative.</exception>
    public DetectedFace(float x, float y, float width, float height, float score)
    {
        RequireFinite(x, nameof(x));
        RequireFinite(y, nameof(y));
        RequireFinite(width, nameof(width));
        RequireFinite(height, nameof(height));
        RequireFinite(score, nameof(score));
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        X = x;
        Y = y;
        Width = width;
        Height = height;
        Score = score;
    }

    /// <summary>Left edge, in pixels.</summary>
    public float X { get; }

    /// <summary>Top edge, in pixels.</summary>
    public float Y { get; }

    /// <summary>Width, in pixels (0 or more).</summary>
    public float Width { get; }

    /// <summary>Height, in pixels (0 or more).</summary>
    public float Height { get; }

    /// <summary>Right edge (<see cref="X"/> + <see cref="Width"/>), in pixels.</summary>
    public float Right => X + Width;

    /// <summary>Bottom edge (<see cref="Y"/> + <see cref="Height"/>), in pixels.</summary>
    public float Bottom => Y + Height;

    /// <summary>The detector's confidence that the box holds a face (higher is surer).</summary>
    public float Score { get; }

    /// <summary>A box from dlib's inclusive integer rectangle: x = left, y = top, width = right - left + 1.</summary>
    internal static DetectedFace FromDlibRectangle(PixelRect rect, float score) => new(rect.Left, rect.Top, rect.Width, rect.Height, score);

    private static void RequireFinite(float value, string name)
    {
        if (!float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Detection coordinates and scores must be finite.");
        }
    }
}
