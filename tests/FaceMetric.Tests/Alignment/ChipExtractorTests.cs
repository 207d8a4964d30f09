using FaceMetric.Alignment;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Alignment;

public sealed class ChipExtractorTests
{
    private static byte[] Pixels(Image<Rgb24> image)
    {
        byte[] pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    [Fact]
    public void UnrotatedChipOfItsOwnSizeIsAPlainCopyBlackOutsideTheImage()
    {
        using Image<Rgb24> image = FaceImage.Load(Fixtures.Path(TestFiles.Data.Lennon1));
        byte[] pixels = Pixels(image);

        // 40 x 30 pixels from (-10.25, 70.375): rounds to columns -10..29 and rows 70..99; the image is 96 x 96.
        var details = FaceChipDetails.FromRectangle(-10.25, 70.375, 28.75, 99.375, 0, 30, 40);
        Assert.True(ChipExtractor.Plan(details, image.Width, image.Height).IsDirectCopy);
        byte[] chip = new byte[30 * 40 * 3];
        ChipExtractor.Extract(pixels, image.Width, image.Height, details, chip);

        for (int r = 0; r < 30; r++)
        {
            for (int c = 0; c < 40; c++)
            {
                int x = c - 10, y = r + 70;
                for (int ch = 0; ch < 3; ch++)
                {
                    byte expected = x >= 0 && y < 96 ? pixels[(((y * 96) + x) * 3) + ch] : (byte)0;
                    Assert.Equal(expected, chip[(((r * 40) + c) * 3) + ch]);
                }
            }
        }
    }

    [Fact]
    public void HalfPixelShiftGivesTheTruncatedMeanOfNeighbours()
    {
        using Image<Rgb24> image = FaceImage.Load(Fixtures.Path(TestFiles.Data.Lennon1));
        byte[] pixels = Pixels(image);

        // A 20 x 20 chip of the rectangle (10.5, 20.5)-(29.5, 39.5) at angle 1e-300 (not 0, so it is resampled): each chip
        // pixel sits at the centre of four image pixels, and dlib's bilinear blend truncates their mean.
        var details = FaceChipDetails.FromRectangle(10.5, 20.5, 29.5, 39.5, 1e-300, 20, 20);
        ChipPlan plan = ChipExtractor.Plan(details, image.Width, image.Height);
        Assert.False(plan.IsDirectCopy);
        Assert.Equal(-1, plan.Level);
        byte[] chip = new byte[20 * 20 * 3];
        ChipExtractor.Extract(pixels, image.Width, image.Height, details, chip);

        for (int r = 0; r < 20; r++)
        {
            for (int c = 0; c < 20; c++)
            {
                for (int ch = 0; ch < 3; ch++)
                {
                    int x = 10 + c, y = 20 + r;
                    int sum = pixels[(((y * 96) + x) * 3) + ch] + pixels[(((y * 96) + x + 1) * 3) + ch]
                        + pixels[((((y + 1) * 96) + x) * 3) + ch] + pixels[((((y + 1) * 96) + x + 1) * 3) + ch];
                    Assert.Equal(sum / 4, chip[(((r * 20) + c) * 3) + ch]);
                }
            }
        }
    }

    [Fact]
    public void ChipWhollyOutsideTheImageIsBlack()
    {
        using Image<Rgb24> image = FaceImage.Load(Fixtures.Path(TestFiles.Data.Lennon1));
        var details = FaceChipDetails.FromRectangle(500, 500, 700, 700, 0.2, 50, 50);
        Assert.True(ChipExtractor.Plan(details, image.Width, image.Height).Region.IsEmpty);
        using Image<Rgb24> chip = new FaceAligner().ExtractChip(image, details);
        Assert.Equal(50, chip.Width);
        byte[] bytes = Pixels(chip);
        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void PyramidDownMatchesDlibsFiveTapFilterOnRealPixels()
    {
        using Image<Rgb24> image = FaceImage.Load(Fixtures.Path(TestFiles.Data.Lennon1));
        byte[] pixels = Pixels(image);
        var (w, h) = PyramidDown2.OutputSize(96, 96);
        Assert.Equal((46, 46), (w, h));
        byte[] down = new byte[w * h * 3];
        PyramidDown2.Down(pixels, 96, 96, 96 * 3, down);

        // Output (c, r) is the [1 4 6 4 1] x [1 4 6 4 1] weighted sum around input (2c + 2, 2r + 2), divided by 256 and
        // truncated (both passes are exact integer sums, so the order does not matter).
        int[] k = [1, 4, 6, 4, 1];
        for (int r = 0; r < h; r++)
        {
            for (int c = 0; c < w; c++)
            {
                for (int ch = 0; ch < 3; ch++)
                {
                    int sum = 0;
                    for (int i = 0; i < 5; i++)
                    {
                        for (int j = 0; j < 5; j++)
                        {
                            sum += k[i] * k[j] * pixels[((((2 * r) + i) * 96) + (2 * c) + j) * 3 + ch];
                        }
                    }

                    Assert.Equal(sum / 256, down[(((r * w) + c) * 3) + ch]);
                }
            }
        }

        Assert.Equal((0, 0), PyramidDown2.OutputSize(8, 100));
        Assert.Equal((0, 0), PyramidDown2.OutputSize(100, 8));
        Assert.Equal((3, 48), PyramidDown2.OutputSize(9, 100));
    }

    [Fact]
    public void LargeRectangleSamplesADeeperPyramidLevel()
    {
        // A 1200-pixel square onto a 150-pixel chip: dlib halves until the rectangle is no larger than the chip.
        var details = FaceChipDetails.FromCenter(1000, 1000, 1200, 1200, 0.1, 150, 150);
        ChipPlan plan = ChipExtractor.Plan(details, 2000, 2000);
        Assert.Equal(2, plan.Level);
        var small = FaceChipDetails.FromCenter(1000, 1000, 290, 290, 0.1, 150, 150);
        Assert.Equal(-1, ChipExtractor.Plan(small, 2000, 2000).Level);
    }

    [Fact]
    public void DestinationTooSmallIsRefused()
    {
        var details = FaceChipDetails.FromCenter(10, 10, 10, 10, 0.1, 10, 10);
        byte[] image = new byte[20 * 20 * 3];
        Assert.Throws<ArgumentException>(() => ChipExtractor.Extract(image, 20, 20, details, new byte[299]));
        Assert.Throws<ArgumentException>(() => ChipExtractor.Extract(image.AsSpan(0, 100), 20, 20, details, new byte[300]));
    }
}
