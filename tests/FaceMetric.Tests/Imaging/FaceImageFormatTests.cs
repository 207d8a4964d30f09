using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Imaging;

/// <summary>What FaceImage accepts, and the Rgb24 pixels it gives for each kind of input.</summary>
public sealed class FaceImageFormatTests
{
    internal const string Jpeg = TestFiles.Data.ObamaSmall;
    internal const string RgbaPng = TestFiles.Data.AlexLacamoire;
    internal const string GrayPng = TestFiles.Data.Face1;
    internal const string RgbPng = TestFiles.Data.Lennon1;

    internal static byte[] PixelsOf(Image<Rgb24> image)
    {
        byte[] pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    internal static byte[] Encode(string fixture, IImageEncoder encoder)
    {
        using var image = Image.Load<Rgb24>(Fixtures.Path(fixture));
        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }

    [Fact]
    public void PathStreamBytesAndForwardOnlyStreamGiveTheSamePixels()
    {
        string path = Fixtures.Path(Jpeg);
        byte[] bytes = File.ReadAllBytes(path);
        using Image<Rgb24> fromPath = FaceImage.Load(path);
        using var stream = new MemoryStream(bytes);
        using Image<Rgb24> fromStream = FaceImage.Load(stream);
        using Image<Rgb24> fromBytes = FaceImage.Load(bytes);
        using Image<Rgb24> fromForwardOnly = FaceImage.Load(new NonSeekableStream(bytes));

        IImageInfo info = Image.Identify(bytes);
        Assert.Equal((info.Width, info.Height), (fromPath.Width, fromPath.Height));
        byte[] expected = PixelsOf(fromPath);
        Assert.Equal(expected, PixelsOf(fromStream));
        Assert.Equal(expected, PixelsOf(fromBytes));
        Assert.Equal(expected, PixelsOf(fromForwardOnly));
    }

    [Fact]
    public void GrayscalePngBecomesRgbWithThreeEqualChannels()
    {
        using var gray = Image.Load<L8>(Fixtures.Path(GrayPng));
        using Image<Rgb24> rgb = FaceImage.Load(Fixtures.Path(GrayPng));
        Assert.Equal((gray.Width, gray.Height), (rgb.Width, rgb.Height));
        for (int y = 0; y < gray.Height; y++)
        {
            for (int x = 0; x < gray.Width; x++)
            {
                byte v = gray[x, y].PackedValue;
                Assert.Equal(new Rgb24(v, v, v), rgb[x, y]);
            }
        }
    }

    [Fact]
    public void RgbaPngKeepsColourAndDropsAlpha()
    {
        using var rgba = Image.Load<Rgba32>(Fixtures.Path(RgbaPng));
        using Image<Rgb24> rgb = FaceImage.Load(Fixtures.Path(RgbaPng));
        for (int y = 0; y < rgba.Height; y += 7)
        {
            for (int x = 0; x < rgba.Width; x += 5)
            {
                Rgba32 p = rgba[x, y];
                Assert.Equal(new Rgb24(p.R, p.G, p.B), rgb[x, y]);
            }
        }
    }

    public static TheoryData<string> LosslessEncodings => ["png16", "bmp24", "bmp32", "webp-lossless"];

    [Theory]
    [MemberData(nameof(LosslessEncodings))]
    public void LosslessReencodingsOfARealPhotoLoadToTheSamePixels(string encoding)
    {
        // A real photo re-encoded by ImageSharp: 16-bit PNG, 24- and 32-bit BMP and lossless WebP keep every value.
        const string source = RgbPng;
        IImageEncoder encoder = encoding switch
        {
            "png16" => new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Rgb },
            "bmp24" => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
            "bmp32" => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel32 },
            _ => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
        };
        byte[] encoded = Encode(source, encoder);
        using Image<Rgb24> original = FaceImage.Load(Fixtures.Path(source));
        using Image<Rgb24> loaded = FaceImage.Load(encoded);
        Assert.Equal(PixelsOf(original), PixelsOf(loaded));
    }

    [Fact]
    public void PaletteBmpPalettePngAndLossyWebpLoadCloseToTheOriginal()
    {
        using Image<Rgb24> original = FaceImage.Load(Fixtures.Path(RgbPng));
        byte[] expected = PixelsOf(original);
        foreach (IImageEncoder encoder in new IImageEncoder[]
                 {
                     new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 },
                     new PngEncoder { BitDepth = PngBitDepth.Bit8, ColorType = PngColorType.Palette },
                     new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = 90 },
                 })
        {
            using Image<Rgb24> loaded = FaceImage.Load(Encode(RgbPng, encoder));
            byte[] actual = PixelsOf(loaded);
            double mad = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Average();
            Assert.InRange(mad, 0, 6);
        }
    }

    [Fact]
    public void GifAndTiffAreRefusedUnlessAllowed()
    {
        byte[] gif = Encode(RgbPng, new GifEncoder());
        byte[] tiff = Encode(RgbPng, new TiffEncoder());

        Assert.Equal(FaceImageError.FormatNotEnabled, Assert.Throws<FaceImageException>(() => FaceImage.Load(gif)).Reason);
        Assert.Equal(FaceImageError.FormatNotEnabled, Assert.Throws<FaceImageException>(() => FaceImage.Load(tiff)).Reason);
        Assert.Equal(FaceImageError.FormatNotEnabled, Assert.Throws<FaceImageException>(() => FaceImage.Load(tiff, new ImageLimits { AllowGif = true })).Reason);

        using Image<Rgb24> original = FaceImage.Load(Fixtures.Path(RgbPng));
        using Image<Rgb24> fromTiff = FaceImage.Load(tiff, new ImageLimits { AllowTiff = true });
        Assert.Equal(PixelsOf(original), PixelsOf(fromTiff));
        using Image<Rgb24> fromGif = FaceImage.Load(gif, new ImageLimits { AllowGif = true });
        Assert.Equal((original.Width, original.Height), (fromGif.Width, fromGif.Height));
    }
}
