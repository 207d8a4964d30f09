using FaceMetric.Geometry;
using System.Globalization;
using FaceMetric.Landmarks;

namespace FaceMetric.Alignment;

/// <summary>
/// Where to cut a chip out of an image: dlib's <c>chip_details</c>. A rectangle in image pixel coordinates (real-valued,
/// inclusive edges, so its width is <c>Right - Left + 1</c>), rotated by <see cref="Angle"/> about its centre, is mapped
/// onto a chip of <see cref="Rows"/> x <see cref="Cols"/> pixels: the rectangle's rotated top-left corner lands on the
/// centre of chip pixel (0, 0) and its rotated bottom-right corner on the centre of pixel (Cols - 1, Rows - 1).
/// </summary>
/// <remarks>
/// Immutable and thread-safe. The rectangle is kept as dlib keeps it (left, top, right, bottom) so that chips agree with
/// dlib's to the last bit; <see cref="CenterX"/>, <see cref="CenterY"/>, <see cref="Width"/> and <see cref="Height"/>
/// are derived from it the way dlib derives them.
/// </remarks>
public sealed class FaceChipDetails
{
    /// <summary>The largest number of pixels a chip may have (about 16.7 million).</summary>
    public const long MaxChipPixels = 1L << 24;

    private FaceChipDetails(double left, double top, double right, double bottom, double angle, int rows, int cols)
    {
        Left = left;
        Top = top;
        Right = right;
        Bottom = bottom;
        Angle = angle;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>The left edge of the rectangle, before rotation, in image pixels.</summary>
    public double Left { get; }

    /// <summary>The top edge of the rectangle, before rotation, in image pixels.</summary>
    public double Top { get; }

    /// <summary>The right edge (inclusive) of the rectangle, before rotation, in image pixels.</summary>
    public double Right { get; }

    /// <summary>The bottom edge (inclusive) of the rectangle, before rotation, in image pixels.</summary>
    public double Bottom { get; }

    /// <summary>
    /// The rotation of the rectangle about its centre, in radians. Positive angles turn the image's x axis towards its y
    /// axis (clockwise on screen); a face tilted that way comes out upright.
    /// </summary>
    public double Angle { get; }

    /// <summary>The chip's height in pixels (1 or more).</summary>
    public int Rows { get; }

    /// <summary>The chip's width in pixels (1 or more).</summary>
    public int Cols { get; }

    /// <summary>The x coordinate of the rectangle's centre (the rotation centre): <c>(Left + Right) / 2</c>.</summary>
    public double CenterX => (Left + Right) / 2.0;

    /// <summary>The y coordinate of the rectangle's centre (the rotation centre): <c>(Top + Bottom) / 2</c>.</summary>
    public double CenterY => (Top + Bottom) / 2.0;

    /// <summary>The rectangle's width as dlib counts it: <c>Right - Left + 1</c>.</summary>
    public double Width => Right - Left + 1;

    /// <summary>The rectangle's height as dlib counts it: <c>Bottom - Top + 1</c>.</summary>
    public double Height => Bottom - Top + 1;

    /// <summary>
    /// dlib's <c>chip_details(drectangle(left, top, right, bottom), chip_dims(rows, cols), angle)</c>.
    /// </summary>
    /// <param name="left">Left edge, image pixels.</param>
    /// <param name="top">Top edge, image pixels.</param>
    /// <param name="right">Right edge (inclusive), at least <paramref name="left"/>.</param>
    /// <param name="bottom">Bottom edge (inclusive), at least <paramref name="top"/>.</param>
    /// <param name="angle">Rotation about the centre, radians.</param>
    /// <param name="rows">Chip height in pixels, 1 or more.</param>
    /// <param name="cols">Chip width in pixels, 1 or more.</param>
    /// <returns>The chip details.</returns>
    /// <exception cref="ArgumentException">A value is not finite, or the rectangle is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is below 1, or the
    /// chip has more than <see cref="MaxChipPixels"/> pixels.</exception>
    public static FaceChipDetails FromRectangle(double left, double top, double right, double bottom, double angle, int rows, int cols)
    {
        if (!double.IsFinite(left) || !double.IsFinite(top) || !double.IsFinite(right) || !double.IsFinite(bottom) || !double.IsFinite(angle))
        {
            throw new ArgumentException(
                $"Chip rectangle ({left}, {top}, {right}, {bottom}) and angle {angle} must be finite.", nameof(left));
        }

        if (right < left || bottom < top)
        {
            throw new ArgumentException($"Chip rectangle ({left}, {top}, {right}, {bottom}) is empty.", nameof(right));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        if ((long)rows * cols > MaxChipPixels)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"A chip of {rows} x {cols} pixels exceeds {MaxChipPixels} pixels.");
        }

        return new FaceChipDetails(left, top, right, bottom, angle, rows, cols);
    }

    /// <summary>
    /// A rectangle given by its centre and size, as dlib's <c>centered_drect(center, width, height)</c> builds it
    /// (edges at <c>center -/+ (size - 1) / 2</c>).
    /// </summary>
    /// <param name="centerX">Centre x, image pixels.</param>
    /// <param name="centerY">Centre y, image pixels.</param>
    /// <param name="width">Width as dlib counts it (right - left + 1), 1 or more.</param>
    /// <param name="height">Height as dlib counts it, 1 or more.</param>
    /// <param name="angle">Rotation about the centre, radians.</param>
    /// <param name="rows">Chip height in pixels, 1 or more.</param>
    /// <param name="cols">Chip width in pixels, 1 or more.</param>
    /// <returns>The chip details.</returns>
    /// <exception cref="ArgumentException">A value is not finite, or the width or height is below 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="FromRectangle"/>.</exception>
    public static FaceChipDetails FromCenter(double centerX, double centerY, double width, double height, double angle, int rows, int cols)
    {
        if (!(width >= 1) || !(height >= 1))
        {
            throw new ArgumentException($"Chip rectangle size {width} x {height} must be at least 1 x 1.", nameof(width));
        }

        DRect rect = CenteredRect(centerX, centerY, width, height);
        return FromRectangle(rect.Left, rect.Top, rect.Right, rect.Bottom, angle, rows, cols);
    }

    /// <summary>
    /// dlib's <c>get_face_chip_details(shape, size, padding)</c>: the chip that puts the face's landmarks where dlib's
    /// mean face puts them, by a least-squares similarity fit. For 68 points the fit uses iBUG points 27-54 and 60-64
    /// (nose, eyes, upper mouth; not the jaw, the eyebrows or the lower lip); for 5 points it uses all five.
    /// </summary>
    /// <param name="landmarks">68 (iBUG order) or 5 (dlib 5-point order) landmarks in image pixel coordinates.</param>
    /// <param name="size">The chip's side in pixels, 1 or more; dlib's face recognition uses 150.</param>
    /// <param name="padding">Border around the mean face as a fraction of its size, 0 or more; face recognition uses 0.25.</param>
    /// <returns>A square chip of <paramref name="size"/> x <paramref name="size"/> pixels.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="landmarks"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is below 1 or too large, or
    /// <paramref name="padding"/> is negative or not finite.</exception>
    /// <exception cref="ArgumentException">The landmarks do not span a face: they are all the same point, or so nearly
    /// so (or so scrambled) that the fitted face is under one pixel wide and the chip's rectangle would be empty.</exception>
    public static FaceChipDetails ForFace(FaceLandmarks landmarks, int size = 150, double padding = 0.25) =>
        TryForFace(landmarks, size, padding, out double width) ?? throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The landmarks do not span a face: fitted to dlib's mean face they give a chip rectangle {width:G4} px wide (under 1 px)."),
            nameof(landmarks));

    /// <summary>
    /// <see cref="ForFace"/> without the exception for landmarks that do not span a face: null when the similarity fit
    /// of the landmarks to dlib's mean face has no scale (all points coincide) or gives a chip rectangle under one pixel
    /// wide. A landmark model can return such a shape for a blurred or dark face: its points scrambled into a small blob,
    /// for which the best rotation-and-scale fit to a face shape shrinks towards a point.
    /// </summary>
    /// <param name="landmarks">As for <see cref="ForFace"/>.</param>
    /// <param name="size">As for <see cref="ForFace"/>.</param>
    /// <param name="padding">As for <see cref="ForFace"/>.</param>
    /// <param name="width">The chip rectangle's width in image pixels (dlib's count, right - left + 1); 0 when the fit has no scale.</param>
    /// <returns>The chip details, or null.</returns>
    internal static FaceChipDetails? TryForFace(FaceLandmarks landmarks, int size, double padding, out double width)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (!(padding >= 0) || !double.IsFinite(padding))
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be a finite number, 0 or more.");
        }

        Span<(double X, double Y)> from = stackalloc (double, double)[FaceLandmarks.Ibug68Count];
        Span<(double X, double Y)> to = stackalloc (double, double)[FaceLandmarks.Ibug68Count];
        int n = 0;
        double denominator = (2 * padding) + 1;
        var points = landmarks.Points;
        if (landmarks.Count == FaceLandmarks.Dlib5Count)
        {
            for (int i = 0; i < FaceLandmarks.Dlib5Count; i++)
            {
                from[n] = ((padding + MeanFaceShape.Dlib5X[i]) / denominator * size, (padding + MeanFaceShape.Dlib5Y[i]) / denominator * size);
                to[n++] = (points[i].X, points[i].Y);
            }
        }
        else
        {
            for (int i = MeanFaceShape.FirstIbugPoint; i < FaceLandmarks.Ibug68Count; i++)
            {
                if (!MeanFaceShape.UsesIbugPoint(i))
                {
                    continue;
                }

                int t = i - MeanFaceShape.FirstIbugPoint;
                from[n] = ((padding + MeanFaceShape.Ibug68X[t]) / denominator * size, (padding + MeanFaceShape.Ibug68Y[t]) / denominator * size);
                to[n++] = (points[i].X, points[i].Y);
            }
        }

        return TryFromPointCorrespondences(from[..n], to[..n], size, size, out width);
    }

    /// <summary>
    /// dlib's <c>chip_details(chip_points, img_points, dims)</c>: the similarity fit turned into a rectangle and angle, or
    /// null when the fit has no finite positive scale or the rectangle (<c>cols * scale</c> by <c>rows * scale</c>, dlib's
    /// count) would be under one pixel on a side: dlib would build an empty rectangle there and cut a chip of one
    /// smeared colour, which describes no face.
    /// </summary>
    private static FaceChipDetails? TryFromPointCorrespondences(
        ReadOnlySpan<(double X, double Y)> chipPoints, ReadOnlySpan<(double X, double Y)> imagePoints, int rows, int cols, out double width)
    {
        AffineTransform t = SimilarityTransform.Find(chipPoints, imagePoints);

        // The image of the unit x vector carries the rotation and the scale.
        double px = t.M00, py = t.M10;
        double angle = Math.Atan2(py, px);
        double scale = Math.Sqrt((px * px) + (py * py));
        if (!(scale > 0) || !double.IsFinite(scale) || !double.IsFinite(angle))
        {
            width = 0;
            return null;
        }

        width = cols * scale;
        if (!(cols * scale >= 1) || !(rows * scale >= 1))
        {
            return null;
        }

        var (cx, cy) = t.Apply(cols / 2.0, rows / 2.0);
        DRect rect = CenteredRect(cx, cy, cols * scale, rows * scale);
        return FromRectangle(rect.Left, rect.Top, rect.Right, rect.Bottom, angle, rows, cols);
    }

    /// <summary>dlib's <c>get_mapping_to_chip</c>: the affine map from image pixel coordinates to chip pixel coordinates.</summary>
    internal AffineTransform ImageToChip()
    {
        var rect = Rect;
        var center = rect.Center;
        double sin = Math.Sin(Angle), cos = Math.Cos(Angle);
        return AffineTransform.FromPoints(
            DRect.RotatePoint(center, rect.TopLeft, sin, cos),
            DRect.RotatePoint(center, rect.TopRight, sin, cos),
            DRect.RotatePoint(center, rect.BottomRight, sin, cos),
            (0, 0),
            (Cols - 1, 0),
            (Cols - 1, Rows - 1));
    }

    /// <summary>The rectangle as dlib's drectangle.</summary>
    internal DRect Rect => new(Left, Top, Right, Bottom);

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"[({Left}, {Top}) ({Right}, {Bottom})] angle {Angle} -> {Cols}x{Rows}");

    private static DRect CenteredRect(double cx, double cy, double width, double height)
    {
        width--;
        height--;
        return new DRect(cx - (width / 2), cy - (height / 2), cx + (width / 2), cy + (height / 2));
    }
}
