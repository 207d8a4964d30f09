using FaceMetric.Detection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceMetric.Video.People;

/// <summary>Cuts a face thumbnail out of a frame (the frame's buffer is reused, so the pixels are copied).</summary>
internal static class FaceThumbnail
{
    /// <summary>Longest side of a thumbnail in pixels.</summary>
    public const int MaxSide = 150;

    /// <summary>The box grown by a quarter on every side, clipped to the frame, scaled down to at most <see cref="MaxSide"/>.</summary>
    public static Image<Rgb24> Cut(Image<Rgb24> frame, DetectedFace box)
    {
        float margin = 0.25f * Math.Max(box.Width, box.Height);
        int x0 = Math.Clamp((int)Math.Floor(box.X - margin), 0, frame.Width - 1);
        int y0 = Math.Clamp((int)Math.Floor(box.Y - margin), 0, frame.Height - 1);
        int x1 = Math.Clamp((int)Math.Ceiling(box.Right + margin), x0 + 1, frame.Width);
        int y1 = Math.Clamp((int)Math.Ceiling(box.Bottom + margin), y0 + 1, frame.Height);
        var crop = new Rectangle(x0, y0, x1 - x0, y1 - y0);
        double scale = Math.Min(1.0, (double)MaxSide / Math.Max(crop.Width, crop.Height));
        var size = new Size(Math.Max(1, (int)Math.Round(crop.Width * scale)), Math.Max(1, (int)Math.Round(crop.Height * scale)));
        return frame.Clone(x => x.Crop(crop).Resize(size));
    }
}
