using System.Security.Cryptography;
using FaceMetric.Imaging.Jpeg;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Imaging.Jpeg;

/// <summary>
/// LibjpegDecoder against libjpeg-turbo 2.1.5 itself: the SHA-256 of the RGB bytes of every fixture JPEG as
/// tools/libjpeg-oracle decoded it, dlib's own decodes, and damaged files that must give null or an image, never an
/// exception.
/// </summary>
public sealed class LibjpegDecoderTests
{
    private const string Golden = TestFiles.Reference.DecodedSha256;
    private const string BaldGuys = TestFiles.Data.BaldGuys;       // 4:2:0, libjpeg's standard Huffman tables
    private const string ObamaSmall = TestFiles.Data.ObamaSmall; // 4:4:4, Adobe APP14, restart interval 40
    private const string John1 = TestFiles.Data.John1; // 4:2:0, standard tables

    // The fixture JPEGs the decoder leaves to ImageSharp, and why. Every other fixture must decode exactly.
    private static readonly Dictionary<string, string> Unsupported = new()
    {
        [TestFiles.Data.Dogs] = "progressive",
        [TestFiles.Data.Obama1] = "progressive",
        [TestFiles.Data.Img1] = "progressive",
        [TestFiles.Data.LongoriaCooper] = "progressive",
    };

    public static TheoryData<string, int, int, string> GoldenRows()
    {
        var rows = new TheoryData<string, int, int, string>();
        foreach ((string path, int width, int height, string sha) in ReadGolden())
        {
            rows.Add(path, width, height, sha);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(GoldenRows))]
    public void FixtureDecodesToLibjpegTurbosBytesOrIsAKnownFallback(string path, int width, int height, string sha256)
    {
        byte[] file = File.ReadAllBytes(Fixtures.Path(path));
        using Image<Rgb24>? image = LibjpegDecoder.TryDecode(file, out JpegRejectedException? rejection);
        if (Unsupported.TryGetValue(path, out string? feature))
        {
            Assert.Null(image);
            Assert.NotNull(rejection);
            Assert.True(rejection.Unsupported, rejection.Message);
            Assert.Contains(feature, rejection.Message, StringComparison.OrdinalIgnoreCase);
            return;
        }

        Assert.True(image is not null, $"{path} fell back: {rejection?.Message}");
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal(sha256, Sha256(Pixels(image)));
    }

    [Fact]
    public void GoldenCoversEveryFixtureJpeg()
    {
        // A JPEG fixture added without a golden row would go untested: regenerate with tools/libjpeg-oracle/run.sh --fixtures.
        var onDisk = Directory.EnumerateFiles(Fixtures.Root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(Fixtures.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        string[] golden = ReadGolden().Select(r => r.Path).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(onDisk, golden);
        Assert.All(Unsupported.Keys, p => Assert.Contains(p, golden));
    }

    [Theory]
    [InlineData(BaldGuys, TestFiles.Reference.BaldGuysDecoded)]
    [InlineData(TestFiles.Data.Obama2, TestFiles.Reference.Obama2Decoded)]
    [InlineData(TestFiles.Data.ExamplesTwoPeopleJpg, TestFiles.Reference.TwoPeopleDecoded)]
    public void PixelsEqualDlibsOwnDecode(string jpeg, string dlibPng)
    {
        using Image<Rgb24> expected = Image.Load<Rgb24>(Fixtures.Path(dlibPng));
        using Image<Rgb24>? actual = LibjpegDecoder.TryDecode(File.ReadAllBytes(Fixtures.Path(jpeg)));
        Assert.NotNull(actual);
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        Assert.True(Pixels(expected).AsSpan().SequenceEqual(Pixels(actual)), $"{jpeg} differs from dlib's decode");
    }

    [Fact]
    public void FileWithoutHuffmanTablesUsesTheStandardOnesAsLibjpegTurboDoes()
    {
        // john1.jpeg codes with the tables of ITU T.81 Annex K; without its DHT segments libjpeg-turbo installs those
        // (as for Motion-JPEG frames) and decodes the same image.
        byte[] file = File.ReadAllBytes(Fixtures.Path(John1));
        byte[] stripped = RemoveSegments(file, 0xC4);
        Assert.True(stripped.Length < file.Length);
        using Image<Rgb24>? image = LibjpegDecoder.TryDecode(stripped);
        Assert.NotNull(image);
        Assert.Equal(GoldenSha(John1), Sha256(Pixels(image)));
    }

    [Fact]
    public void AdobeTransformZeroMeansRgbUnlessAJfifMarkerSaysYCbCr()
    {
        byte[] file = File.ReadAllBytes(Fixtures.Path(ObamaSmall));
        int app14 = FindSegment(file, 0xEE);
        Assert.Equal("Adobe"u8.ToArray(), file.AsSpan(app14 + 4, 5).ToArray());
        Assert.Equal(1, file[app14 + 15]); // transform 1: YCbCr, as coded

        // Transform 0: libjpeg takes the three 4:4:4 planes as R, G, B as they are; converting them as YCbCr here must
        // then give exactly the normal decode.
        byte[] asRgb = (byte[])file.Clone();
        asRgb[app14 + 15] = 0;
        using Image<Rgb24>? raw = LibjpegDecoder.TryDecode(asRgb);
        Assert.NotNull(raw);
        byte[] planes = Pixels(raw);
        var converted = new byte[planes.Length];
        int w = raw.Width;
        var (y, cb, cr) = (new byte[w], new byte[w], new byte[w]);
        for (int row = 0; row < raw.Height; row++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = 3 * ((row * w) + x);
                (y[x], cb[x], cr[x]) = (planes[i], planes[i + 1], planes[i + 2]);
            }

            YccToRgb.ConvertRow(y, cb, cr, converted.AsSpan(3 * row * w, 3 * w));
        }

        Assert.Equal(GoldenSha(ObamaSmall), Sha256(converted));
        Assert.NotEqual(GoldenSha(ObamaSmall), Sha256(planes));

        // A JFIF APP0 anywhere before the scan wins over the Adobe transform (jdapimin.c default_decompress_parms).
        byte[] jfif = [0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
        byte[] withJfif = [.. asRgb[..2], .. jfif, .. asRgb[2..]];
        using Image<Rgb24>? ycc = LibjpegDecoder.TryDecode(withJfif);
        Assert.NotNull(ycc);
        Assert.Equal(GoldenSha(ObamaSmall), Sha256(Pixels(ycc)));
    }

    [Fact]
    public void TruncatedFilesGiveNullUntilOnlyTheEoiIsMissing()
    {
        byte[] file = File.ReadAllBytes(Fixtures.Path(ObamaSmall));
        Assert.Equal([0xFF, 0xD9], file[^2..]);
        int scanData = FindSegment(file, 0xDA);

        // Every cut inside the headers and the entropy-coded data (dense at the start, then ~150 spread over the data).
        IEnumerable<int> cuts = Enumerable.Range(0, scanData + 20)
            .Concat(Enumerable.Range(0, 150).Select(i => scanData + 20 + (int)((long)i * (file.Length - 3 - scanData - 20) / 149)));
        foreach (int cut in cuts.Distinct())
        {
            Assert.Null(LibjpegDecoder.TryDecode(file.AsSpan(0, cut), out JpegRejectedException? rejection));
            Assert.NotNull(rejection);
            Assert.False(rejection.Unsupported, $"cut at {cut}: {rejection.Message}");
        }

        // Without the EOI (or its last byte) the picture is complete: libjpeg supplies the EOI itself.
        foreach (int cut in new[] { file.Length - 2, file.Length - 1 })
        {
            using Image<Rgb24>? image = LibjpegDecoder.TryDecode(file.AsSpan(0, cut));
            Assert.NotNull(image);
            Assert.Equal(GoldenSha(ObamaSmall), Sha256(Pixels(image)));
        }
    }

    [Fact]
    public void DamagedFilesGiveNullOrAnImageOfTheDeclaredSizeAndNeverThrow()
    {
        byte[] file = File.ReadAllBytes(Fixtures.Path(ObamaSmall));
        int scanData = FindSegment(file, 0xDA);
        var random = new Random(20240601);
        int images = 0, nulls = 0;
        for (int i = 0; i < 300; i++)
        {
            byte[] damaged;
            switch (i % 3)
            {
                case 0: // bit flips anywhere
                    damaged = (byte[])file.Clone();
                    for (int f = random.Next(1, 8); f > 0; f--)
                    {
                        damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1: // bytes replaced in the headers
                    damaged = (byte[])file.Clone();
                    for (int f = random.Next(1, 4); f > 0; f--)
                    {
                        damaged[random.Next(scanData + 20)] = (byte)random.Next(256);
                    }

                    break;
                default: // garbage after the SOI
                    damaged = new byte[random.Next(2, 4000)];
                    random.NextBytes(damaged);
                    (damaged[0], damaged[1]) = ((byte)0xFF, (byte)0xD8);
                    break;
            }

            using Image<Rgb24>? image = LibjpegDecoder.TryDecode(damaged, out JpegRejectedException? rejection);
            if (image is null)
            {
                Assert.NotNull(rejection);
                Assert.DoesNotContain("decoder failure", rejection.Message, StringComparison.Ordinal);
                nulls++;
            }
            else
            {
                Assert.True(image.Width is > 0 and <= 65500 && image.Height is > 0 and <= 65500);
                images++;
            }
        }

        // Both outcomes occur: flips in the entropy-coded data often still decode (as in libjpeg), header damage not.
        Assert.True(images > 10 && nulls > 10, $"{images} images, {nulls} nulls");
    }

    [Theory]
    [InlineData(new byte[0], "SOI")]
    [InlineData(new byte[] { 0xFF }, "SOI")]
    [InlineData(new byte[] { 0xFF, 0xD8 }, "no image data")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, "no image data")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "SOI")]
    public void TinyOrForeignInputGivesNull(byte[] file, string reason)
    {
        Assert.Null(LibjpegDecoder.TryDecode(file, out JpegRejectedException? rejection));
        Assert.NotNull(rejection);
        Assert.Contains(reason, rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(65535, 65535, "too large")]      // over libjpeg's JPEG_MAX_DIMENSION (65500)
    [InlineData(30000, 15000, "too large")]      // 450 megapixels
    [InlineData(20000, 20000, "too short")]      // 400 megapixels allowed, but a 33 kB file cannot hold them: refused before allocating
    [InlineData(0, 240, "empty image")]
    public void HugeOrEmptyDimensionsGiveNullWithoutAllocating(int width, int height, string reason)
    {
        byte[] file = File.ReadAllBytes(Fixtures.Path(ObamaSmall));
        int sof = FindSegment(file, 0xC0);
        file[sof + 5] = (byte)(height >> 8);
        file[sof + 6] = (byte)height;
        file[sof + 7] = (byte)(width >> 8);
        file[sof + 8] = (byte)width;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Null(LibjpegDecoder.TryDecode(file, out JpegRejectedException? rejection));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.NotNull(rejection);
        Assert.Contains(reason, rejection.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Path, int Width, int Height, string Sha)> ReadGolden()
    {
        foreach (string line in File.ReadLines(Fixtures.Path(Golden)))
        {
            string[] f = line.Split('\t');
            if (f.Length != 4)
            {
                throw new InvalidDataException($"{Golden}: not path, width, height, sha256: '{line}'");
            }

            yield return (f[0], int.Parse(f[1]), int.Parse(f[2]), f[3]);
        }
    }

    private static string GoldenSha(string path) => ReadGolden().Single(r => r.Path == path).Sha;

    private static byte[] Pixels(Image<Rgb24> image)
    {
        byte[] pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // Offset of the first marker segment FF <marker> among the header segments (before the first scan's data).
    private static int FindSegment(byte[] file, byte marker)
    {
        int p = 2;
        while (p + 4 <= file.Length && file[p] == 0xFF)
        {
            if (file[p + 1] == marker)
            {
                return p;
            }

            if (file[p + 1] == 0xDA)
            {
                break;
            }

            p += 2 + ((file[p + 2] << 8) | file[p + 3]);
        }

        throw new InvalidDataException($"no FF{marker:X2} segment");
    }

    private static byte[] RemoveSegments(byte[] file, byte marker)
    {
        var output = new List<byte>(file.Length) { 0xFF, 0xD8 };
        int p = 2;
        while (file[p + 1] != 0xDA)
        {
            int length = 2 + ((file[p + 2] << 8) | file[p + 3]);
            if (file[p + 1] != marker)
            {
                output.AddRange(file.AsSpan(p, length));
            }

            p += length;
        }

        output.AddRange(file.AsSpan(p));
        return [.. output];
    }
}
