using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceMetric.Detection;

/// <summary>
/// How a detector with a scan limit is held to it (<see cref="IScanFittingDetector"/>): the largest upsampling up to
/// the configured one whose scan fits, else the photo downscaled until a scan without upsampling fits.
/// </summary>
internal static class ScanFit
{
    /// <summary>Whether a scan of a photo of this size at this upsampling is within the detector's limit.</summary>
    /// <param name="width">Photo width.</param>
    /// <param name="height">Photo height.</param>
    /// <param name="upsample">Upsampling steps.</param>
    public delegate bool Fits(int width, int height, int upsample);

    /// <summary>A detection of a photo at a given upsampling.</summary>
    /// <param name="image">The photo (or its downscaled copy).</param>
    /// <param name="upsample">Upsampling steps.</param>
    public delegate IReadOnlyList<DetectedFace> DetectAt(Image<Rgb24> image, int upsample);

    /// <summary>Detects within the limit as <see cref="IScanFittingDetector.DetectFitted"/> describes.</summary>
    /// <param name="image">The photo; only read.</param>
    /// <param name="upsample">The detector's configured upsampling.</param>
    /// <param name="fits">The detector's limit.</param>
    /// <param name="detect">The detector's scan.</param>
    /// <returns>The faces, in the photo's pixels.</returns>
    public static IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image, int upsample, Fits fits, DetectAt detect)
    {
        for (int u = upsample; u >= 0; u--)
        {
            if (fits(image.Width, image.Height, u))
            {
                return detect(image, u);
            }
        }

        // Not even the photo as it is: shrink it by 10% steps of side until it fits, scan the copy, map the boxes back.
        double scale = 1;
        int width, height;
        do
        {
            scale *= 0.9;
            width = Math.Max(1, (int)(image.Width * scale));
            height = Math.Max(1, (int)(image.Height * scale));
        }
        while (!fits(width, height, 0) && width > 1 && height > 1);

        using Image<Rgb24> small = image.Clone(c => c.Resize(width, height, KnownResamplers.Triangle));
        IReadOnlyList<DetectedFace> faces = detect(small, 0);
        double sx = (double)image.Width / width, sy = (double)image.Height / height;
        var result = new DetectedFace[faces.Count];
        for (int i = 0; i < faces.Count; i++)
        {
            DetectedFace f = faces[i];
            result[i] = new DetectedFace((float)(f.X * sx), (float)(f.Y * sy), (float)(f.Width * sx), (float)(f.Height * sy), f.Score);
        }

        return result;
    }
}
