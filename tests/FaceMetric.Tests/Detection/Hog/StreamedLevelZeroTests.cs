using FaceMetric.Detection;
using FaceMetric.Detection.Hog;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceMetric.Tests.Detection.Hog;

/// <summary>
/// The upsampled level made band by band must be the upsampled image's level, bit for bit: the same features, the same
/// next level's pixels, and the same windows of every filter (including the many under the threshold that a low
/// adjustment lets through), one level at a time and several at once.
/// </summary>
public sealed class StreamedLevelZeroTests
{
    /// <summary>Real photos, and crops whose upsampled height is under one band (61 rows), just over one (65) and two (125).</summary>
    public static TheoryData<string, int> Photos() => new()
    {
        { TestFiles.Reference.Sample1, 0 },
        { TestFiles.Reference.BaldGuysDecoded, 0 },
        { TestFiles.Reference.Sample1, 30 },
        { TestFiles.Reference.Sample1, 32 },
        { TestFiles.Reference.Sample1, 62 },
    };

    [Theory]
    [MemberData(nameof(Photos))]
    public void FeaturesAndNextLevelAreThoseOfTheWholeUpsampledImage(string photo, int cropHeight)
    {
        RgbRaster raster = Load(photo, cropHeight);
        RgbRaster upsampled = DlibBilinearResize.PyramidUp(raster);
        HogModel model = Fixtures.HogModel;
        FhogFeatures expected = FhogExtractor.Extract(upsampled, model.CellSize, model.FilterHeight, model.FilterWidth);
        RgbRaster expectedNext = DlibBilinearResize.PyramidDown6(upsampled);

        using var buffers = new HogBuffers();
        var (features, next, nextPixels) = StreamedLevelZero.Extract(raster, model, buffers, nextLevel: true);
        Assert.True(upsampled.Height > StreamedLevelZero.BandRows || cropHeight > 0);
        Assert.Equal((expected.Rows, expected.Cols), (features.Rows, features.Cols));
        int at = System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected.Planes).CommonPrefixLength(System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.Planes));
        Assert.True(at == expected.Planes.Length * sizeof(float), $"feature byte {at} of {expected.Planes.Length * sizeof(float)} differs");
        Assert.Equal((expectedNext.Width, expectedNext.Height), (next!.Width, next.Height));
        Assert.True(expectedNext.Pixels.SequenceEqual(next.Pixels), "the next level's pixels differ");
        features.ReturnPlanes();
        buffers.Return(nextPixels!);
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void EveryFiltersWindowsAreThoseOfTheWholeUpsampledImage(string photo, int cropHeight)
    {
        RgbRaster raster = Load(photo, cropHeight);
        RgbRaster upsampled = DlibBilinearResize.PyramidUp(raster);
        var scanner = new HogScanner(Fixtures.HogModel);
        foreach (double adjust in new[] { 0.0, -0.8 })
        {
            foreach (int threads in new[] { 1, 2 })
            {
                List<HogDetection>[] whole = scanner.ScanPerFilter(upsampled, adjust, threads);
                List<HogDetection>[] streamed = scanner.ScanPerFilter(raster, adjust, threads, upsampleFirst: true);
                Assert.Equal(whole.Length, streamed.Length);
                for (int f = 0; f < whole.Length; f++)
                {
                    Assert.Equal(whole[f], streamed[f]);
                }

                if (cropHeight == 0)
                {
                    Assert.True(whole.Sum(f => f.Count) > 0, "no windows to compare");
                }
            }
        }
    }

    private static RgbRaster Load(string photo, int cropHeight)
    {
        using Image<Rgb24> pixels = FaceImage.Load(Fixtures.Path(photo));
        if (cropHeight > 0)
        {
            pixels.Mutate(x => x.Crop(new Rectangle(0, pixels.Height / 3, pixels.Width, cropHeight)));
        }

        return HogFaceDetector.ToRaster(pixels);
    }
}
