using FaceMetric.Geometry;
using FaceMetric.Detection;

namespace FaceMetric.Landmarks;

/// <summary>
/// face-api's landmark crop and the mapping of the net's output back to the image
/// (Box.clipAtImageBorders, extractFaceTensors, FaceLandmark68NetBase.postProcess, extendWithFaceLandmarks).
/// </summary>
internal static class LandmarkCrop
{
    /// <summary>
    /// The crop of a detection box: clipped to the image (x, y &gt;= 0; right &lt;= width, bottom &lt;= height), then x, y,
    /// width and height each floored. Null when nothing of the box is left.
    /// </summary>
    public static PixelBox? From(DetectedFace face, int imageWidth, int imageHeight)
    {
        double x = face.X, y = face.Y;
        double right = x + face.Width, bottom = y + face.Height;
        double clippedX = Math.Max(x, 0.0), clippedY = Math.Max(y, 0.0);
        double width = Math.Min(right - clippedX, imageWidth - clippedX);
        double height = Math.Min(bottom - clippedY, imageHeight - clippedY);
        int cx = (int)Math.Floor(clippedX), cy = (int)Math.Floor(clippedY);
        int cw = (int)Math.Floor(width), ch = (int)Math.Floor(height);
        if (cw < 1 || ch < 1 || cx >= imageWidth || cy >= imageHeight)
        {
            return null;
        }

        // floor(x) + floor(w) <= floor(x + w) <= image width, so the crop stays inside the image.
        return new PixelBox(cx, cy, cw, ch);
    }

    /// <summary>
    /// Maps one output coordinate of the net (in units of the padded square) to image pixels, as face-api does:
    /// with s = 112 / max(w, h), sw = w * s, sh = h * s and the padding assumed symmetric
    /// (padX = (sh - sw) / 2 when sw &lt; sh, else 0; padY likewise), rel = (out * 112 - pad) / size in float32, then
    /// pixel = rel * cropSide + the detection box origin (the unfloored one, a face-api quirk of under a pixel).
    /// </summary>
    public static (double X, double Y) ToImage(float outX, float outY, PixelBox crop, DetectedFace face, int inputSize)
    {
        double s = inputSize / (double)Math.Max(crop.Width, crop.Height);
        double sw = crop.Width * s, sh = crop.Height * s;
        double padX = sw < sh ? Math.Abs(sw - sh) / 2 : 0;
        double padY = sh < sw ? Math.Abs(sw - sh) / 2 : 0;
        float relX = ((outX * inputSize) - (float)padX) / (float)sw;
        float relY = ((outY * inputSize) - (float)padY) / (float)sh;
        return (((double)relX * crop.Width) + face.X, ((double)relY * crop.Height) + face.Y);
    }
}
