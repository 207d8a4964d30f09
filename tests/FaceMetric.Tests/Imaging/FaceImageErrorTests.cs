using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;

namespace FaceMetric.Tests.Imaging;

/// <summary>Broken inputs made from real files: each one raises FaceImageException with the right reason, nothing else.</summary>
public sealed class FaceImageErrorTests : IDisposable
{
    private static readonly ImageLimits AllFormats = new() { AllowGif = true, AllowTiff = true };
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static FaceImageException LoadFails(string path, ImageLimits? limits = null)
    {
        var ex = Assert.Throws<FaceImageException>(() => FaceImage.Load(path, limits));
        Assert.Equal(path, ex.InputName);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    private static byte[] RealFile(string format) => format switch
    {
        "jpeg" => File.ReadAllBytes(Fixtures.Path(FaceImageFormatTests.Jpeg)),
        "png" => File.ReadAllBytes(Fixtures.Path(FaceImageFormatTests.RgbaPng)),
        "bmp" => FaceImageFormatTests.Encode(FaceImageFormatTests.RgbPng, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 }),
        "bmp8" => FaceImageFormatTests.Encode(FaceImageFormatTests.RgbPng, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 }),
        "webp" => FaceImageFormatTests.Encode(FaceImageFormatTests.RgbPng, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }),
        "webp-lossless" => FaceImageFormatTests.Encode(FaceImageFormatTests.RgbPng, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }),
        "gif" => FaceImageFormatTests.Encode(FaceImageFormatTests.RgbPng, new GifEncoder()),
        "tiff" => FaceImageFormatTests.Encode(FaceImageFormatTests.RgbPng, new TiffEncoder()),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static TheoryData<string, double> Truncations()
    {
        var data = new TheoryData<string, double>();
        foreach (string format in new[] { "jpeg", "png", "bmp", "bmp8", "webp", "webp-lossless", "gif", "tiff" })
        {
            foreach (double keep in new[] { 0.02, 0.5, 0.9, 0.999 })
            {
                data.Add(format, keep);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Truncations))]
    public void TruncatedFilesAreRefusedAsTruncated(string format, double keep)
    {
        byte[] whole = RealFile(format);
        using (FaceImage.Load(whole, AllFormats))
        {
            // the whole file loads
        }

        // Keep a fraction of the file, at least the signature and always at least 2 bytes short of the end.
        int length = Math.Clamp((int)(whole.Length * keep), 16, whole.Length - 2);
        string path = _temp.Write($"cut.{format}", whole[..length]);
        FaceImageException ex = LoadFails(path, AllFormats);
        Assert.Equal(FaceImageError.Truncated, ex.Reason);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroByteFileIsEmpty()
    {
        string path = _temp.Write("empty.jpg", []);
        Assert.Equal(FaceImageError.Empty, LoadFails(path).Reason);
        Assert.Equal(FaceImageError.Empty, Assert.Throws<FaceImageException>(() => FaceImage.Load(new MemoryStream())).Reason);
        Assert.Equal(FaceImageError.Empty, Assert.Throws<FaceImageException>(() => FaceImage.Load(ReadOnlyMemory<byte>.Empty)).Reason);
    }

    [Fact]
    public void TextFileRenamedJpgIsUnknownFormat()
    {
        string path = _temp.Write("notes.jpg", System.Text.Encoding.UTF8.GetBytes("These are not the pixels you are looking for.\n"));
        FaceImageException ex = LoadFails(path);
        Assert.Equal(FaceImageError.UnknownFormat, ex.Reason);
        Assert.Contains("not a JPEG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileAndFolderAreReported()
    {
        string missing = Path.Combine(_temp.Path, "no-such-photo.jpg");
        Assert.Equal(FaceImageError.NotFound, LoadFails(missing).Reason);
        Assert.Equal(FaceImageError.NotFound, LoadFails(Path.Combine(_temp.Path, "no-such-folder", "x.jpg")).Reason);
        Assert.Equal(FaceImageError.Unreadable, LoadFails(_temp.Path).Reason);
    }

    [Fact]
    public void HugeHeaderIsRefusedBeforeDecoding()
    {
        // A complete, valid PNG structure whose IHDR says 30000 x 30000 (900 megapixels) with one row of data.
        string path = _temp.Write("huge.png", PngWriter.RgbHeaderWithFewRows(30000, 30000, 1));
        FaceImageException ex = LoadFails(path);
        Assert.Equal(FaceImageError.TooLarge, ex.Reason);
        Assert.Contains("30000 x 30000 = 900000000 pixels", ex.Message, StringComparison.Ordinal);

        // The budget is the caller's to set: within it, the header is read and decoding proceeds.
        var ex2 = Assert.Throws<FaceImageException>(() => FaceImage.Load(path, new ImageLimits { MaxPixels = 899_999_999 }));
        Assert.Equal(FaceImageError.TooLarge, ex2.Reason);
    }

    [Fact]
    public void PixelAndByteBudgetsAreEnforced()
    {
        string path = Fixtures.Path(FaceImageFormatTests.Jpeg);
        byte[] bytes = File.ReadAllBytes(path);
        var fewPixels = new ImageLimits { MaxPixels = 10_000 };
        Assert.Equal(FaceImageError.TooLarge, LoadFails(path, fewPixels).Reason);

        var fewBytes = new ImageLimits { MaxBytes = 1000 };
        Assert.Equal(FaceImageError.TooLarge, LoadFails(path, fewBytes).Reason);
        var fromStream = Assert.Throws<FaceImageException>(() => FaceImage.Load(new NonSeekableStream(bytes), fewBytes));
        Assert.Equal(FaceImageError.TooLarge, fromStream.Reason);
        Assert.Equal("<stream>", fromStream.InputName);
        var fromBytes = Assert.Throws<FaceImageException>(() => FaceImage.Load(bytes, fewBytes));
        Assert.Equal(FaceImageError.TooLarge, fromBytes.Reason);
        Assert.Equal("<bytes>", fromBytes.InputName);
        Assert.Contains("'<bytes>'", fromBytes.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageLimits { MaxPixels = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageLimits { MaxBytes = 0 });
    }

    [Fact]
    public void CorruptHeadersAreRefusedAsCorrupt()
    {
        // PNG: one flipped bit in the IHDR's width no longer matches the chunk's CRC.
        byte[] png = RealFile("png");
        png[18] ^= 0x01;
        Assert.Equal(FaceImageError.Corrupt, LoadFails(_temp.Write("crc.png", png)).Reason);

        // JPEG: the frame header (SOF) claims zero components.
        byte[] jpeg = RealFile("jpeg");
        int sof = IndexOfMarker(jpeg, 0xC0, 0xC2);
        jpeg[sof + 9] = 0;
        Assert.Equal(FaceImageError.Corrupt, LoadFails(_temp.Write("sof.jpg", jpeg)).Reason);

        // JPEG: the start-of-image marker is damaged, so it is no longer recognisable as a JPEG.
        byte[] noSoi = RealFile("jpeg");
        noSoi[1] ^= 0xFF;
        Assert.Equal(FaceImageError.UnknownFormat, LoadFails(_temp.Write("soi.jpg", noSoi)).Reason);

        // WebP and BMP headers that claim a zero width.
        byte[] bmp = RealFile("bmp");
        Array.Clear(bmp, 18, 4);
        Assert.Equal(FaceImageError.Corrupt, LoadFails(_temp.Write("zero.bmp", bmp)).Reason);
    }

    [Fact]
    public void RandomlyFlippedBytesLoadOrRaiseOnlyFaceImageException()
    {
        int refused = 0, loaded = 0;
        foreach (string format in new[] { "jpeg", "png", "bmp8", "webp", "gif", "tiff" })
        {
            byte[] whole = RealFile(format);
            for (int seed = 0; seed < 40; seed++)
            {
                var random = new Random(seed);
                byte[] damaged = (byte[])whole.Clone();
                int flips = 1 + random.Next(8);
                for (int i = 0; i < flips; i++)
                {
                    // Damage the first or last 2 KB (headers, tables, TIFF directories) most of the time, anywhere otherwise.
                    int zone = Math.Min(2048, damaged.Length);
                    int at = random.Next(3) switch
                    {
                        0 => random.Next(zone),
                        1 => damaged.Length - 1 - random.Next(zone),
                        _ => random.Next(damaged.Length),
                    };
                    damaged[at] ^= (byte)(1 + random.Next(255));
                }

                try
                {
                    using var image = FaceImage.Load(damaged, AllFormats);
                    Assert.True(image.Width > 0 && image.Height > 0);
                    loaded++;
                }
                catch (FaceImageException ex)
                {
                    Assert.Equal("<bytes>", ex.InputName);
                    refused++;
                }
            }
        }

        // Both outcomes occurred, so both paths were exercised (any other exception type fails the test above).
        Assert.True(refused > 10 && loaded > 10, $"refused {refused}, loaded {loaded}");
    }

    private static int IndexOfMarker(byte[] jpeg, params byte[] markers)
    {
        for (int i = 2; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && Array.IndexOf(markers, jpeg[i + 1]) >= 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("marker not found");
    }
}
