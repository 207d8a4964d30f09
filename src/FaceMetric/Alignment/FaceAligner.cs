using FaceMetric.Geometry;
using System.Buffers;
using System.Runtime.InteropServices;
using FaceMetric.Landmarks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Alignment;

/// <summary>
/// Cuts aligned face chips out of images exactly as dlib 19.24 does for face recognition:
/// <c>get_face_chip_details(shape, ChipSize, Padding)</c> then <c>extract_image_chip</c> with bilinear interpolation
/// (image pyramid for large faces, black outside the image, values truncated to bytes).
/// </summary>
/// <remarks>
/// Given the same landmarks and the same decoded pixels, the chips are dlib's chips byte for byte, up to rare one-level
/// differences where a bilinear value falls within rounding error of an integer. Immutable and thread-safe: one instance
/// can serve any number of threads.
/// </remarks>
public sealed class FaceAligner
{
    /// <summary>Creates an aligner.</summary>
    /// <param name="chipSize">The side of the square chips in pixels, 1 to 4096; dlib's face recognition network takes 150.</param>
    /// <param name="padding">The border around dlib's mean face, as a fraction of the face size, 0 to 10; dlib's face
    /// recognition uses 0.25.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range or not finite.</exception>
    public FaceAligner(int chipSize = 150, double padding = 0.25)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chipSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chipSize, 4096);
        if (!(padding >= 0 && padding <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be between 0 and 10.");
        }

        ChipSize = chipSize;
        Padding = padding;
    }

    /// <summary>The side of the square chips in pixels.</summary>
    public int ChipSize { get; }

    /// <summary>The border around dlib's mean face, as a fraction of the face size.</summary>
    public double Padding { get; }

    /// <summary>
    /// Where the chip for a face lies in its image: dlib's <c>get_face_chip_details(landmarks, ChipSize, Padding)</c>.
    /// </summary>
    /// <param name="landmarks">68 (iBUG order) or 5 (dlib 5-point order) landmarks in image pixel coordinates.</param>
    /// <returns>The chip details: a ChipSize x ChipSize chip.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="landmarks"/> is null.</exception>
    /// <exception cref="ArgumentException">The landmarks all coincide.</exception>
    public FaceChipDetails GetChipDetails(FaceLandmarks landmarks) => FaceChipDetails.ForFace(landmarks, ChipSize, Padding);

    /// <summary>Cuts the aligned chip of one face: <see cref="GetChipDetails"/> then <see cref="ExtractChip(Image{Rgb24}, FaceChipDetails)"/>.</summary>
    /// <param name="image">The image the landmarks were found in. Not modified.</param>
    /// <param name="landmarks">The face's landmarks in that image's pixel coordinates.</param>
    /// <returns>A new ChipSize x ChipSize image the caller owns (and disposes).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The landmarks all coincide.</exception>
    public Image<Rgb24> ExtractChip(Image<Rgb24> image, FaceLandmarks landmarks) => ExtractChip(image, GetChipDetails(landmarks));

    /// <summary>
    /// Cuts any chip out of an image with dlib's <c>extract_image_chip</c> semantics (bilinear): the rectangle of
    /// <paramref name="details"/>, rotated by its angle, resampled to Rows x Cols pixels; black where it leaves the image.
    /// </summary>
    /// <param name="image">The source image. Not modified.</param>
    /// <param name="details">The chip to cut; it may lie partly or wholly outside the image.</param>
    /// <returns>A new Cols x Rows image the caller owns (and disposes).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Image<Rgb24> ExtractChip(Image<Rgb24> image, FaceChipDetails details)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(details);

        byte[] chip = new byte[details.Rows * details.Cols * 3];
        ExtractChipCore(image, details, chip);
        return Image.LoadPixelData<Rgb24>(chip, details.Cols, details.Rows);
    }

    /// <summary>Cuts a chip into interleaved RGB bytes (Rows x Cols x 3), reading only the part of the image it needs.</summary>
    internal static void ExtractChipCore(Image<Rgb24> image, FaceChipDetails details, Span<byte> destination)
    {
        ChipPlan plan = ChipExtractor.Plan(details, image.Width, image.Height);
        PixelRect region = plan.Region;
        if (region.IsEmpty)
        {
            ChipExtractor.Execute(plan, ReadOnlySpan<byte>.Empty, 0, destination);
            return;
        }

        int left = (int)region.Left, top = (int)region.Top, width = (int)region.Width, height = (int)region.Height;
        int stride = width * 3;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(stride * height);
        try
        {
            image.ProcessPixelRows(accessor =>
            {
                for (int y = 0; y < height; y++)
                {
                    ReadOnlySpan<Rgb24> row = accessor.GetRowSpan(top + y).Slice(left, width);
                    MemoryMarshal.AsBytes(row).CopyTo(buffer.AsSpan(y * stride, stride));
                }
            });
            ChipExtractor.Execute(plan, buffer, stride, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
