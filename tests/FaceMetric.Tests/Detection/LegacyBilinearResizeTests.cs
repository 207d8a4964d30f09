using FaceMetric.Geometry;
using FaceMetric.Detection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Detection;

/// <summary>TF's legacy bilinear resize (no half-pixel shift, no antialiasing) fused with face-api's zero padding.</summary>
public sealed class LegacyBilinearResizeTests
{
    [Fact]
    public void SameSizeIsTheIdentity()
    {
        using Image<Rgb24> image = Ramp(3, 3);
        float[] planar = Resize(image, SquareWindow.PadBottomRight(new PixelBox(0, 0, 3, 3)), 3);

        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 3; x++)
            {
                Assert.Equal(image[x, y].R, planar[(y * 3) + x]);
                Assert.Equal(image[x, y].G, planar[9 + (y * 3) + x]);
                Assert.Equal(image[x, y].B, planar[18 + (y * 3) + x]);
            }
        }
    }

    [Fact]
    public void HalvingPicksEverySecondPixelWithoutAveraging()
    {
        using Image<Rgb24> image = Ramp(4, 4);
        float[] planar = Resize(image, SquareWindow.PadBottomRight(new PixelBox(0, 0, 4, 4)), 2);

        // Output (r, c) samples source (2r, 2c) exactly: a half-pixel or area resize would average 2x2 blocks.
        Assert.Equal(new float[] { image[0, 0].R, image[2, 0].R, image[0, 2].R, image[2, 2].R }, planar[..4]);
    }

    [Fact]
    public void DoublingInterpolatesAndClampsAtTheLastPixel()
    {
        using var image = new Image<Rgb24>(2, 2);
        image[0, 0] = new Rgb24(0, 0, 0);
        image[1, 0] = new Rgb24(100, 0, 0);
        image[0, 1] = new Rgb24(40, 0, 0);
        image[1, 1] = new Rgb24(200, 0, 0);
        float[] planar = Resize(image, SquareWindow.PadBottomRight(new PixelBox(0, 0, 2, 2)), 4);

        // Columns sample x = 0, 0.5, 1, 1.5 (the last clamps to x = 1); rows likewise.
        float[] row0 = planar[..4];
        float[] row1 = planar[4..8];
        float[] row3 = planar[12..16];
        Assert.Equal(new float[] { 0, 50, 100, 100 }, row0);
        Assert.Equal(new float[] { 20, 85, 150, 150 }, row1);
        Assert.Equal(new float[] { 40, 120, 200, 200 }, row3);
    }

    [Fact]
    public void TheSsdWindowPadsBottomAndRightWithBlack()
    {
        using var image = new Image<Rgb24>(2, 1, new Rgb24(90, 60, 30));
        SquareWindow window = SquareWindow.PadBottomRight(new PixelBox(0, 0, 2, 1));
        Assert.Equal(2, window.Side);

        float[] planar = Resize(image, window, 2);

        Assert.Equal(new float[] { 90, 90, 0, 0 }, planar[..4]);
        Assert.Equal(new float[] { 30, 30, 0, 0 }, planar[8..12]);
    }

    [Fact]
    public void TheCentredWindowPutsTheOddPaddingPixelAtTheEnd()
    {
        // A 1-wide, 4-high crop: diff 3, round(1.5) = 2 columns appended on the right, 1 prepended on the left.
        using var image = new Image<Rgb24>(5, 4, new Rgb24(255, 255, 255));
        SquareWindow window = SquareWindow.PadCentred(new PixelBox(2, 0, 1, 4));
        Assert.Equal(new SquareWindow(1, 0, 4, new PixelBox(2, 0, 1, 4)), window);

        float[] planar = Resize(image, window, 4);

        Assert.Equal(new float[] { 0, 255, 0, 0 }, planar[..4]);
    }

    private static float[] Resize(Image<Rgb24> image, SquareWindow window, int outSize)
    {
        var planar = new float[3 * outSize * outSize];
        LegacyBilinearResize.ToPlanar(image, window, outSize, planar);
        return planar;
    }

    private static Image<Rgb24> Ramp(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = new Rgb24((byte)((y * 16) + x), (byte)(100 + x), (byte)(200 - y));
            }
        }

        return image;
    }
}
