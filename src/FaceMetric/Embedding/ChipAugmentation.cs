using FaceMetric.Geometry;
using FaceMetric.Alignment;
using FaceMetric.Numerics;

namespace FaceMetric.Embedding;

/// <summary>Test-time augmentations of an aligned square RGB chip: a left-right mirror and dlib's <c>jitter_image</c>.</summary>
internal static class ChipAugmentation
{
    /// <summary>Writes the left-right mirror image of a square interleaved-RGB chip.</summary>
    public static void Mirror(ReadOnlySpan<byte> chip, int size, Span<byte> destination)
    {
        int stride = size * 3;
        for (int y = 0; y < size; y++)
        {
            ReadOnlySpan<byte> src = chip.Slice(y * stride, stride);
            Span<byte> dst = destination.Slice(y * stride, stride);
            for (int x = 0, m = size - 1; x < size; x++, m--)
            {
                dst[x * 3] = src[m * 3];
                dst[(x * 3) + 1] = src[(m * 3) + 1];
                dst[(x * 3) + 2] = src[(m * 3) + 2];
            }
        }
    }

    /// <summary>
    /// dlib's <c>jitter_image(img, rnd)</c> (dlib/image_transforms/interpolation.h), step for step: the object box is
    /// the chip shrunk by 3 pixels; it is moved by up to ±2% of its size (rounded to whole pixels), scaled so the object
    /// fills 0.97..0.99999 of the crop (integer box size), rotated by up to ±3 degrees, cut with dlib's
    /// <c>extract_image_chip</c> (bilinear) back to the chip size, and mirrored when the next draw exceeds 0.5.
    /// The random draws come in dlib's order from <paramref name="random"/>.
    /// </summary>
    public static void Jitter(ReadOnlySpan<byte> chip, int size, DlibRandom random, Span<byte> destination, Span<byte> scratch)
    {
        const double maxRotationDegrees = 3;
        const double minObjectHeight = 0.97;
        const double maxObjectHeight = 0.99999;
        const double translateAmount = 0.02;

        // rect = shrink_rect(get_rect(img), 3): [3, size-4] on both axes.
        long rectLeft = 3, rectRight = size - 4;
        long rectWidth = rectRight - rectLeft + 1;

        // dpoint -> point rounds to nearest (floor(v + 0.5)).
        long dx = DlibRounding.Round(random.NextDouble(-translateAmount, translateAmount) * rectWidth);
        long dy = DlibRounding.Round(random.NextDouble(-translateAmount, translateAmount) * rectWidth);
        double scale = random.NextDouble(minObjectHeight, maxObjectHeight);
        long boxSize = (long)(rectWidth / scale);

        // center(rect) = ((l + r + 1) / 2, (t + b + 1) / 2) in integers; centered_rect(p, w, h).
        long cx = ((rectLeft + rectRight + 1) / 2) + dx;
        long cy = ((rectLeft + rectRight + 1) / 2) + dy;
        long left = cx - (boxSize / 2);
        long top = cy - (boxSize / 2);
        double angle = random.NextDouble(-maxRotationDegrees, maxRotationDegrees) * Math.PI / 180;

        var details = FaceChipDetails.FromRectangle(left, top, left + boxSize - 1, top + boxSize - 1, angle, size, size);
        if (random.NextDouble() > 0.5)
        {
            ChipExtractor.Extract(chip, size, size, details, scratch);
            Mirror(scratch, size, destination);
        }
        else
        {
            ChipExtractor.Extract(chip, size, size, details, destination);
        }
    }
}
