using FaceMetric.Detection;
using FaceMetric.Detection.Hog;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Detection.Hog;

/// <summary>
/// The vectorised resize and fHOG extraction against the scalar implementations they replaced (kept in this project as
/// <see cref="ScalarReferenceResize"/> and <see cref="ScalarReferenceFhog"/>): on real photos at upsample 0 and 1, every
/// pyramid level, the resized pixels must be byte-identical and the features bit-identical.
/// </summary>
public sealed class FastHogPathsTests
{
    public static TheoryData<string, int> Photos() => new()
    {
        { TestFiles.Reference.Sample1, 0 },
        { TestFiles.Reference.Sample1, 1 },
        { TestFiles.Reference.BaldGuysDecoded, 0 },
        { TestFiles.Reference.BaldGuysDecoded, 1 },
    };

    [Theory]
    [MemberData(nameof(Photos))]
    public void EveryLevelsPixelsAndFeaturesAreTheScalarOnes(string photo, int upsample)
    {
        using Image<Rgb24> pixels = FaceImage.Load(Fixtures.Path(photo));
        RgbRaster raster = HogFaceDetector.ToRaster(pixels);
        for (int u = 0; u < upsample; u++)
        {
            RgbRaster fast = DlibBilinearResize.PyramidUp(raster);
            RgbRaster slow = ScalarReferenceResize.PyramidUp(raster);
            AssertSamePixels(slow, fast, $"{photo} pyramid_up {u}");
            AssertSamePixels(slow, WithoutAvx512(raster, fast), $"{photo} pyramid_up {u}, no AVX-512");
            raster = fast;
        }

        AssertSamePyramid(raster, photo);
    }

    [Theory]
    [InlineData(1, 41, 37)]
    [InlineData(2, 64, 64)]
    [InlineData(3, 97, 131)]
    [InlineData(4, 250, 181)]
    [InlineData(5, 333, 77)]
    [InlineData(6, 17, 300)]
    [InlineData(7, 5, 5)]
    public void NoiseOfOddSizesGivesTheScalarPixelsAndFeatures(int seed, int width, int height)
    {
        var random = new Random(seed);
        var raster = new RgbRaster(width, height);
        random.NextBytes(raster.Pixels);
        AssertSamePixels(ScalarReferenceResize.PyramidUp(raster), DlibBilinearResize.PyramidUp(raster), "pyramid_up");
        AssertSamePyramid(raster, $"noise {seed}");
        AssertSamePyramid(DlibBilinearResize.PyramidUp(raster), $"noise {seed} up");
    }

    private static void AssertSamePyramid(RgbRaster image, string what)
    {
        HogModel model = Fixtures.HogModel;
        RgbRaster fast = image, slow = image;
        for (int level = 0; level < 30 && fast.Width > 0 && fast.Height > 0; level++)
        {
            if (level > 0)
            {
                RgbRaster previous = fast;
                fast = DlibBilinearResize.PyramidDown6(fast);
                slow = ScalarReferenceResize.PyramidDown6(slow);
                AssertSamePixels(slow, fast, $"{what} level {level}");
                AssertSamePixels(slow, WithoutAvx512(previous, fast), $"{what} level {level}, no AVX-512");
            }

            FhogFeatures expected = ScalarReferenceFhog.Extract(slow, model.CellSize, model.FilterHeight, model.FilterWidth);
            FhogFeatures actual = FhogExtractor.Extract(fast, model.CellSize, model.FilterHeight, model.FilterWidth);
            Assert.Equal(expected.Rows, actual.Rows);
            Assert.Equal(expected.Cols, actual.Cols);
            for (int i = 0; i < expected.Planes.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected.Planes[i]) != BitConverter.SingleToInt32Bits(actual.Planes[i]))
                {
                    Assert.Fail($"{what} level {level}: feature {i} is {actual.Planes[i]:R}, the scalar code gives {expected.Planes[i]:R}");
                }
            }
        }
    }

    [Fact]
    public void EveryFilterTermGivesTheReferenceSaliencyOnEveryLevel()
    {
        using Image<Rgb24> pixels = FaceImage.Load(Fixtures.Path(TestFiles.Reference.Sample1));
        HogModel model = Fixtures.HogModel;
        List<FhogFeatures> pyramid = new HogScanner(model).BuildPyramid(HogFaceDetector.ToRaster(pixels));
        foreach (FhogFeatures feats in pyramid.Where(f => !f.IsEmpty))
        {
            int size = feats.Rows * feats.Cols;
            var (expected, actual) = (new float[size], new float[size]);
            var (scratchA, scratchB, scratchC, narrow) = (new float[size], new float[size], new float[size], new float[size]);
            foreach (HogFilter filter in model.Filters)
            {
                bool any = false;
                for (int p = 0; p < FhogFeatures.PlaneCount; p++)
                {
                    foreach (HogFilter.SeparableTerm term in filter.Terms[p])
                    {
                        ScalarReferenceSeparableFilter.Apply(feats.Plane(p), feats.Rows, feats.Cols, term.Row, term.Column, scratchA, expected, any);
                        SeparableFilter.Apply(feats.Plane(p), feats.Rows, feats.Cols, term.Row, term.Column, scratchB, actual, any);
                        SeparableFilter.Apply(feats.Plane(p), feats.Rows, feats.Cols, term.Row, term.Column, scratchC, narrow, any, allowAvx512: false);
                        any = true;
                    }
                }

                for (int i = 0; i < size; i++)
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]));
                    Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(narrow[i]));
                }
            }
        }
    }

    /// <summary>
    /// Every width from 10 to 80 columns (so every count of eight-groups and of single columns left over, 0 to 7) and
    /// heights where the last rows' vectors would read past the plane: a run of the model's first filter's terms over a
    /// plane of noise with zeros, with and without AVX-512, bit for bit the reference's.
    /// </summary>
    [Fact]
    public void NoisePlanesOfEveryWidthGiveTheReferenceSaliency()
    {
        HogFilter filter = Fixtures.HogModel.Filters[0];
        HogFilter.SeparableTerm[] terms = [.. filter.Terms.SelectMany(t => t).Take(12)];
        var random = new Random(16);
        for (int cols = 10; cols <= 80; cols++)
        {
            int rows = 10 + (cols % 13);
            float[] plane = new float[rows * cols];
            for (int i = 0; i < plane.Length; i++)
            {
                plane[i] = random.Next(4) == 0 ? 0f : (float)random.NextDouble();
            }

            foreach (bool avx512 in new[] { true, false })
            {
                var (expected, actual) = (new float[plane.Length], new float[plane.Length]);
                var (scratchA, scratchB) = (new float[plane.Length], new float[plane.Length]);
                for (int t = 0; t < terms.Length; t++)
                {
                    ScalarReferenceSeparableFilter.Apply(plane, rows, cols, terms[t].Row, terms[t].Column, scratchA, expected, t > 0);
                    SeparableFilter.Apply(plane, rows, cols, terms[t].Row, terms[t].Column, scratchB, actual, t > 0, avx512);
                }

                for (int i = 0; i < expected.Length; i++)
                {
                    if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                    {
                        Assert.Fail($"{rows}x{cols}, AVX-512 {avx512}: saliency {i} is {actual[i]:R}, the reference gives {expected[i]:R}");
                    }
                }
            }
        }
    }

    private static RgbRaster WithoutAvx512(RgbRaster source, RgbRaster sized)
    {
        var result = new RgbRaster(sized.Width, sized.Height);
        DlibBilinearResize.Resize(source, result, allowAvx512: false);
        return result;
    }

    private static void AssertSamePixels(RgbRaster expected, RgbRaster actual, string what)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        int at = expected.Pixels.CommonPrefixLength(actual.Pixels);
        Assert.True(at == expected.Pixels.Length, $"{what}: byte {at} differs");
    }
}
