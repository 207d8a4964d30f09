using System.Buffers.Binary;
using System.Diagnostics;
using FaceMetric.Identification;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace FaceMetric.Tests.Hostile;

/// <summary>Issue 14 (1, 2, 7): crafted and damaged images, each refused with its typed reason or decoded with a warning.</summary>
public sealed class HostileImageTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void DnlHiddenFrameHeaderIsReadOnceAndRefusedByThePixelBudget()
    {
        byte[] file = HostileFiles.DnlHiddenFrame(File.ReadAllBytes(HostileFiles.Jpeg), 20000, 20000);

        // The trick is real: ImageSharp's header reader takes the decoy frame inside the DNL body.
        IImageInfo decoy = Image.Identify(file);
        Assert.Equal(64, decoy.Width);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<FaceImageException>(() => FaceImage.Load(file));
        Assert.Equal(FaceImageError.TooLarge, e.Reason);
        Assert.Contains("20000 x 20000", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 20 * MiB);
    }

    [Fact]
    public void DnlHiddenFrameWithinTheBudgetStillDecodesTheRealFrameOnly()
    {
        byte[] intact = File.ReadAllBytes(HostileFiles.Jpeg);
        using Image<Rgb24> expected = FaceImage.Load(intact);
        byte[] file = HostileFiles.DnlHiddenFrame(intact, expected.Width, expected.Height);
        using Image<Rgb24> image = FaceImage.Load(file);
        Assert.Equal((expected.Width, expected.Height), (image.Width, image.Height));
    }

    [Theory]
    [InlineData("zTXt")]
    [InlineData("iTXt")]
    [InlineData("iCCP")]
    public void CompressedPngChunkBombIsRefusedBeforeItInflates(string chunk)
    {
        byte[] zlib = HostileFiles.ZlibZeros(256 * MiB);
        byte[] body = chunk switch
        {
            "zTXt" => HostileFiles.ZtxtBody(zlib),
            "iTXt" => HostileFiles.ItxtBody(zlib),
            _ => HostileFiles.IccpBody(zlib),
        };
        byte[] file = HostileFiles.PngWithChunk(File.ReadAllBytes(HostileFiles.Png), chunk, body);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<FaceImageException>(() => FaceImage.Load(file));
        Assert.Equal(FaceImageError.MetadataTooLarge, e.Reason);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 40 * MiB, "allocated past the metadata budget");
    }

    [Fact]
    public void SmallTextChunkIsFine()
    {
        byte[] file = HostileFiles.PngWithChunk(File.ReadAllBytes(HostileFiles.Png), "zTXt", HostileFiles.ZtxtBody(HostileFiles.ZlibZeros(1000)));
        using Image<Rgb24> image = FaceImage.Load(file);
        Assert.True(image.Width > 0);
    }

    [Fact]
    public void JpegMetadataOverTheBudgetIsRefused()
    {
        byte[] intact = File.ReadAllBytes(HostileFiles.Jpeg);
        byte[] comment = new byte[4 + 60000];
        comment[0] = 0xFF;
        comment[1] = 0xFE;
        BinaryPrimitives.WriteUInt16BigEndian(comment.AsSpan(2), 60002);
        byte[] file = HostileFiles.Insert(intact, 2, comment);
        var e = Assert.Throws<FaceImageException>(() => FaceImage.Load(file, new ImageLimits { MaxMetadataBytes = 50000 }));
        Assert.Equal(FaceImageError.MetadataTooLarge, e.Reason);
        using Image<Rgb24> image = FaceImage.Load(file);
    }

    [Theory]
    [InlineData(0xFE)] // comment
    [InlineData(0xFF)] // application data (XMP and ICC profiles travel this way)
    public void GifExtensionsCountAgainstTheMetadataBudget(byte label)
    {
        byte[] gif = HostileFiles.GifWithExtension(EncodedFixture(new GifEncoder()), label, new byte[60000]);
        var allowed = new ImageLimits { AllowGif = true };
        using (Image<Rgb24> image = FaceImage.Load(gif, allowed))
        {
            Assert.True(image.Width > 0);
        }

        var tight = new ImageLimits { AllowGif = true, MaxMetadataBytes = 50000 };
        Assert.Equal(FaceImageError.MetadataTooLarge, Assert.Throws<FaceImageException>(() => FaceImage.Load(gif, tight)).Reason);
    }

    [Theory]
    [InlineData(270, 2)]   // ImageDescription, ASCII
    [InlineData(34675, 7)] // ICC profile, UNDEFINED
    public void TiffTagsCountAgainstTheMetadataBudget(int tag, int type)
    {
        byte[] value = new byte[60000];
        Array.Fill(value, (byte)'x');
        value[^1] = 0;
        byte[] tiff = HostileFiles.TiffWithEntry(EncodedFixture(new TiffEncoder()), (ushort)tag, (ushort)type, (uint)value.Length, value);
        var tight = new ImageLimits { AllowTiff = true, MaxMetadataBytes = 50000 };
        Assert.Equal(FaceImageError.MetadataTooLarge, Assert.Throws<FaceImageException>(() => FaceImage.Load(tiff, tight)).Reason);
        using Image<Rgb24> image = FaceImage.Load(tiff, new ImageLimits { AllowTiff = true });
        Assert.True(image.Width > 0);
    }

    [Fact]
    public void TiffTagDeclaringAHugeCountIsRefusedBeforeAnyReaderAllocatesIt()
    {
        // XMP (700) declaring 2 GB of values the 60 KB file does not hold: counted by the declared size.
        byte[] tiff = HostileFiles.TiffWithEntry(EncodedFixture(new TiffEncoder()), 700, 1, int.MaxValue, new byte[16]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<FaceImageException>(() => FaceImage.Load(tiff, new ImageLimits { AllowTiff = true }));
        Assert.Equal(FaceImageError.MetadataTooLarge, e.Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 20 * MiB);
    }

    [Fact]
    public void AllocationCeilingRefusesBothDecoders()
    {
        var tight = new ImageLimits { MaxAllocationBytes = 10_000 }; // amy1.png alone is 67,500 bytes of RGB
        Assert.Equal(FaceImageError.AllocationTooLarge, Assert.Throws<FaceImageException>(() => FaceImage.Load(HostileFiles.Jpeg, tight)).Reason);
        Assert.Equal(FaceImageError.AllocationTooLarge, Assert.Throws<FaceImageException>(() => FaceImage.Load(HostileFiles.Png, tight)).Reason);
        using Image<Rgb24> fine = FaceImage.Load(HostileFiles.Png);
    }

    [Fact]
    public async Task FifoIsRefusedAtOnceAsImageAndAsGallery()
    {
        using var folder = new TempFolder();
        string fifo = folder.File("photo.jpg");
        using (Process mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Run on the pool with a deadline: a blocking open would hang the reader, not the test.
        Task<FaceImageException> image = Task.Run(() => Assert.Throws<FaceImageException>(() => FaceImage.Load(fifo)));
        Assert.Same(image, await Task.WhenAny(image, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.Equal(FaceImageError.NotARegularFile, (await image).Reason);

        Task<FaceGalleryFormatException> gallery = Task.Run(() => Assert.Throws<FaceGalleryFormatException>(() => FaceGallery.Load(fifo)));
        Assert.Same(gallery, await Task.WhenAny(gallery, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.Equal(FaceGalleryFormatError.NotARegularFile, (await gallery).Reason);
    }

    [Fact]
    public void GalleryLoadOnAFolderOrASymlinkLoopGivesItsTypedError()
    {
        using var folder = new TempFolder();
        Assert.Equal(FaceGalleryFormatError.NotARegularFile, Assert.Throws<FaceGalleryFormatException>(() => FaceGallery.Load(folder.Path)).Reason);
        string a = folder.File("a.gallery"), b = folder.File("b.gallery");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        Assert.Equal(FaceGalleryFormatError.NotARegularFile, Assert.Throws<FaceGalleryFormatException>(() => FaceGallery.Load(a)).Reason);
    }

    [Fact]
    public void ImageSymlinkLoopIsATypedError()
    {
        using var folder = new TempFolder();
        string a = folder.File("a.jpg"), b = folder.File("b.jpg");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        Assert.Equal(FaceImageError.Unreadable, Assert.Throws<FaceImageException>(() => FaceImage.Load(a)).Reason);
    }

    [Fact]
    public void EoiInsertedIntoTheScanIsRefusedNotPatched()
    {
        byte[] intact = File.ReadAllBytes(HostileFiles.Jpeg);
        byte[] file = HostileFiles.Insert(intact, HostileFiles.ScanStart(intact) + 100, [0xFF, 0xD9]);
        var e = Assert.Throws<FaceImageException>(() => FaceImage.Load(file));
        Assert.Equal(FaceImageError.Corrupt, e.Reason);
        Assert.Contains("damaged", e.Message);

        // Opting in to the lenient decoder gives pixels, and says they are guessed.
        var warnings = new List<string>();
        using Image<Rgb24> patched = FaceImage.Load(file, new ImageLimits { LenientDamagedJpeg = true }, warnings);
        Assert.Contains(warnings, w => w.Contains("decoded leniently", StringComparison.Ordinal));
    }

    [Fact]
    public void ExtraneousBytesBeforeEoiDecodeWithLibjpegsWarning()
    {
        byte[] intact = File.ReadAllBytes(HostileFiles.Jpeg);
        byte[] file = HostileFiles.Insert(intact, HostileFiles.EoiOffset(intact), [0x12, 0x34, 0x56]);
        var warnings = new List<string>();
        using Image<Rgb24> image = FaceImage.Load(file, null, warnings);
        Assert.Contains(warnings, w => w.Contains("extraneous bytes", StringComparison.Ordinal));
        using Image<Rgb24> expected = FaceImage.Load(intact);
        Assert.Equal(Pixels(expected), Pixels(image));
    }

    [Fact]
    public void IntactFixturesLoadWithoutWarnings()
    {
        foreach (string file in Directory.EnumerateFiles(Fixtures.Path("data"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase)))
        {
            var warnings = new List<string>();
            using Image<Rgb24> image = FaceImage.Load(file, null, warnings);
            Assert.True(warnings.Count == 0, file + ": " + string.Join("; ", warnings));
        }
    }

    [Theory]
    [InlineData(0xD0)]
    [InlineData(0x01)]
    public void ParameterlessMarkerBetweenSegmentsDecodesAsLibjpegDoes(byte marker)
    {
        byte[] intact = File.ReadAllBytes(HostileFiles.Jpeg);
        byte[] file = HostileFiles.Insert(intact, HostileFiles.FindMarker(intact, 0xDB), [0xFF, marker]);
        using Image<Rgb24> image = FaceImage.Load(file);
        using Image<Rgb24> expected = FaceImage.Load(intact);
        Assert.Equal(Pixels(expected), Pixels(image));
    }

    [Fact]
    public void SelfReferencingExifSubIfdDoesNotLeakImageSharpInternals()
    {
        byte[] intact = File.ReadAllBytes(HostileFiles.Jpeg);

        // APP1 "Exif\0\0" + a little-endian TIFF whose IFD0 holds the orientation (6: rotate 90) and an EXIF sub-IFD
        // pointer (0x8769) back to IFD0 itself.
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 2, 0,
            0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0,
            0x69, 0x87, 4, 0, 1, 0, 0, 0, 8, 0, 0, 0,
            0, 0, 0, 0];
        byte[] app1 = [0xFF, 0xE1, 0, 0, .. "Exif\0\0"u8, .. tiff];
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(app1.Length - 2));
        byte[] file = HostileFiles.Insert(intact, 2, app1);
        using Image<Rgb24> image = FaceImage.Load(file);
        using Image<Rgb24> upright = FaceImage.Load(intact);
        Assert.Equal(upright.Height, image.Width);
        Assert.Equal(upright.Width, image.Height);
    }

    [Fact]
    public void ImageSharpDefectMessagesAreNotPassedOn()
    {
        // A PNG whose IHDR is fine but whose data is garbage: whatever ImageSharp throws, the message is FaceMetric's.
        byte[] png = File.ReadAllBytes(HostileFiles.Png);
        for (int i = 100; i < 400; i++)
        {
            png[i] ^= 0x5A;
        }

        var e = Assert.Throws<FaceImageException>(() => FaceImage.Load(png));
        Assert.DoesNotContain("Object reference", e.Message);
        Assert.DoesNotContain("Collection was modified", e.Message);
    }

    // The PNG fixture re-encoded (GIF, TIFF: no fixture of either format is in the repository).
    private static byte[] EncodedFixture(SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using Image<Rgb24> image = Image.Load<Rgb24>(HostileFiles.Png);
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    private static byte[] Pixels(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }
}
