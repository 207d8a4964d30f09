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

    /// <summary>
    /// The box dlib's LFW protocol describes when no face is detected: the middle half of each side, i.e. left and top
    /// at a quarter of the size, floored ((62, 62) to (187, 187) on LFW's 250x250 images). Meant for photos that are
    /// known to be centred crops of one face; its <see cref="Score"/> is 0.
    /// </summary>
    /// <param name="imageWidth">The photo's width in pixels, 1 or more.</param>
    /// <param name="imageHeight">The photo's height in pixels, 1 or more.</param>
    /// <returns>The centred box.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static DetectedFace CentredFallback(int imageWidth, int imageHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        float left = MathF.Floor(imageWidth / 4f), top = MathF.Floor(imageHeight / 4f);
        return new DetectedFace(left, top, imageWidth - (2 * left), imageHeight - (2 * top), 0);
    }

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
