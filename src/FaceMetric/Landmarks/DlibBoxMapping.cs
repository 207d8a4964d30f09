using FaceMetric.Geometry;
using FaceMetric.Detection;

namespace FaceMetric.Landmarks;

/// <summary>
/// Maps a detector's face box to the rectangle dlib's HOG detector would give for the same face (the boxes dlib's
/// shape predictor was trained on): centre shifted by fractions of the box size, sides scaled, rounded to dlib's
/// inclusive integer rectangle. Immutable.
/// </summary>
/// <param name="CenterShiftX">Horizontal centre shift, as a fraction of the box width.</param>
/// <param name="CenterShiftY">Vertical centre shift, as a fraction of the box height.</param>
/// <param name="WidthScale">HOG width over detector width.</param>
/// <param name="HeightScale">HOG height over detector height.</param>
internal sealed record DlibBoxMapping(double CenterShiftX, double CenterShiftY, double WidthScale, double HeightScale)
{
    /// <summary>
    /// For FaceMetric's SSD detector, measured on the reference photos whose HOG boxes dlib reported
    /// (33 faces of bald_guys, sample1 and face_recognition's photos in ../shared/reference/dlib): means of the
    /// per-face ratios. dlib's boxes are wider and much shorter than the SSD's (they stop at the eyebrows).
    /// </summary>
    public static DlibBoxMapping FromSsd { get; } = new(-0.0039, 0.0610, 1.1283, 0.7544);

    /// <summary>The identity mapping: the box is used as it is.</summary>
    public static DlibBoxMapping Identity { get; } = new(0, 0, 1, 1);

    internal PixelRect ToDlibRectangle(DetectedFace face)
    {
        double cx = face.X + (face.Width / 2.0) + (CenterShiftX * face.Width);
        double cy = face.Y + (face.Height / 2.0) + (CenterShiftY * face.Height);
        double w = face.Width * WidthScale, h = face.Height * HeightScale;
        long left = (long)Math.Round(cx - (w / 2));
        long top = (long)Math.Round(cy - (h / 2));
        return PixelRect.FromSize(left, top, (long)Math.Round(w), (long)Math.Round(h));
    }
}
