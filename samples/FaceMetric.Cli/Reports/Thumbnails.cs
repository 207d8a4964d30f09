using FaceMetric.Alignment;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceMetric.Cli.Reports;

/// <summary>Small JPEG thumbnails for the reports: a face's aligned chip, or a whole photo.</summary>
internal static class Thumbnails
{
    /// <summary>Side of a chip thumbnail in pixels (the chip itself is 150x150).</summary>
    public const int ChipSide = 112;

    /// <summary>Longest side of a whole-photo thumbnail in pixels.</summary>
    public const int PhotoSide = 160;

    private static readonly JpegEncoder Encoder = new() { Quality = 85 };

    /// <summary>The face's dlib-aligned chip (what the network saw), scaled to <see cref="ChipSide"/>, as JPEG bytes.</summary>
    public static byte[] Chip(FaceAligner aligner, Image<Rgb24> photo, FaceChipDetails chip)
    {
        using Image<Rgb24> image = aligner.ExtractChip(photo, chip);
        image.Mutate(x => x.Resize(ChipSide, ChipSide));
        return Encode(image);
    }

    /// <summary>The whole photo scaled so its longest side is <see cref="PhotoSide"/> (never enlarged), as JPEG bytes.</summary>
    public static byte[] Photo(Image<Rgb24> photo)
    {
        double scale = Math.Min(1.0, (double)PhotoSide / Math.Max(photo.Width, photo.Height));
        using Image<Rgb24> image = photo.Clone(x => x.Resize(Math.Max(1, (int)Math.Round(photo.Width * scale)), Math.Max(1, (int)Math.Round(photo.Height * scale))));
        return Encode(image);
    }

    private static byte[] Encode(Image<Rgb24> image)
    {
        using var buffer = new MemoryStream();
        image.SaveAsJpeg(buffer, Encoder);
        return buffer.ToArray();
    }
}
