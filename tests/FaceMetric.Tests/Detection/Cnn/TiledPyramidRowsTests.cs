using FaceMetric.Detection;
using FaceMetric.Detection.Cnn;
using FaceMetric.Detection.Hog;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Detection.Cnn;

/// <summary>
/// The tiled pyramid written band by band (<see cref="TiledPyramidRows"/>, how the CNN detector feeds its network) has
/// the floats of the whole tiled image (<see cref="TiledPyramid.Fill"/>, which CnnPyramidParityTests holds to dlib's bit
/// for bit), whatever the bands and their order: bands that start inside an on-demand level, that go back over rows
/// already written, and that cross level boundaries.
/// </summary>
public sealed class TiledPyramidRowsTests
{
    private static readonly float[] Means = [122.782f, 117.001f, 104.298f];

    [Theory]
    [InlineData("data/face-api.js/examples/images/bbt3.jpg", 0)]
    [InlineData("data/face_recognition/examples/obama_small.jpg", 1)]
    public void BandsInAnyOrderHaveTheWholeImagesFloats(string photo, int upsample)
    {
        using Image<Rgb24> image = FaceImage.Load(Fixtures.Path(photo));
        RgbRaster raster = HogFaceDetector.ToRaster(image);
        for (int u = 0; u < upsample; u++)
        {
            raster = DlibBilinearResize.PyramidUp(raster);
        }

        TiledPyramid layout = TiledPyramid.Layout(raster.Width, raster.Height, 10, 11);
        Assert.True(layout.Levels.Count > TiledPyramidRows.LevelsMadeOnDemand + 2, $"{layout.Levels.Count} levels");
        var whole = new float[3 * layout.Rows * layout.Cols];
        layout.Fill(raster, Means, whole);
        Assert.Equal(WholePlaneReference(layout, raster), whole);

        var rows = new TiledPyramidRows(layout, raster, Means);
        var random = new Random(2026);
        var band = new float[3 * layout.Rows * layout.Cols];
        for (int k = 0; k < 60; k++)
        {
            int top = random.Next(layout.Rows), count = 1 + random.Next(Math.Min(200, layout.Rows - top));
            band.AsSpan().Fill(float.NaN);
            rows.Write(top, count, band);
            for (int ch = 0; ch < 3; ch++)
            {
                for (int r = 0; r < count; r++)
                {
                    ReadOnlySpan<float> expected = whole.AsSpan((((ch * layout.Rows) + top + r) * layout.Cols), layout.Cols);
                    ReadOnlySpan<float> actual = band.AsSpan((((ch * count) + r) * layout.Cols), layout.Cols);
                    if (!expected.SequenceEqual(actual))
                    {
                        Assert.Fail($"{photo}: band {k} (rows {top}..{top + count - 1}), channel {ch}, row {top + r} differs from the whole image's");
                    }
                }
            }
        }
    }

    /// <summary>The tiled image made as dlib makes it, a whole plane at a time: level 0 from the bytes, then each level
    /// resized from the one before inside the plane.</summary>
    private static float[] WholePlaneReference(TiledPyramid layout, RgbRaster image)
    {
        int plane = layout.Rows * layout.Cols;
        var tensor = new float[3 * plane];
        Geometry.PixelRect first = layout.Levels[0];
        for (int ch = 0; ch < 3; ch++)
        {
            Span<float> p = tensor.AsSpan(ch * plane, plane);
            for (int r = 0; r < image.Height; r++)
            {
                for (int c = 0; c < image.Width; c++)
                {
                    p[(int)(((first.Top + r) * layout.Cols) + first.Left + c)] = (image.Pixels[(r * image.Stride) + (3 * c) + ch] - Means[ch]) / 256f;
                }
            }

            for (int l = 1; l < layout.Levels.Count; l++)
            {
                DlibFloatBilinearResize.Resize(p, layout.Cols, layout.Levels[l - 1], layout.Levels[l]);
            }
        }

        return tensor;
    }
}
