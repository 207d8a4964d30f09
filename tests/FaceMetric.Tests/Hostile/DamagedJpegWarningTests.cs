using System.Buffers.Binary;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace FaceMetric.Tests.Hostile;

/// <summary>
/// Issue 14 (5): damage that leaves a JPEG decodable is never silent. Each case is a real fixture with the damage made
/// here (most are files of the damaged corpus, docs/results/hostile/damaged_run3: the mutation is named), and each
/// warning kind has its case: libjpeg's own warnings (parity) and the checks made beyond libjpeg at the end of every
/// scan and restart interval, for sequential files (the exact decoder) and progressive ones (checked before ImageSharp
/// decodes them).
/// </summary>
public sealed class DamagedJpegWarningTests
{
    private const string BaldGuys = "data/dlib/examples/faces/bald_guys.jpg";          // baseline, JFIF
    private const string TwoPeople = "data/face_recognition/examples/two_people.jpg";  // baseline
    private const string Obama480 = "data/FaceRecognitionDotNet/test/FaceRecognitionDotNet.Tests/TestImages/480px-President_Barack_Obama.jpg"; // baseline, no JFIF
    private const string Dogs = "data/dlib/examples/faces/dogs.jpg";                   // progressive
    private const string RoseLeslie = "data/face_recognition/examples/knn_examples/train/rose_leslie/img1.jpg"; // progressive
    private const string Obama1 = "data/face_recognition/examples/knn_examples/test/obama1.jpg";                // progressive

    [Fact]
    public void AcRunPastTheEndOfTheBlockWarns()
    {
        byte[] file = Flip(Read(BaldGuys), 526730, 5); // damaged corpus: scanflip@526730.5
        AssertWarns(file, "AC coefficient run past the end of the block");
    }

    [Fact]
    public void DcCoefficientBeyondElevenBitsWarns()
    {
        byte[] file = Replace(Read(TwoPeople), 193243, [0xb2, 0x06, 0xf6, 0x44, 0x7c, 0xd9, 0xa5]); // scanreplace@193243x7
        AssertWarns(file, "DC coefficient beyond 11 bits");
    }

    [Fact]
    public void MagnitudeCategoryBeyondEightBitPrecisionWarns()
    {
        // The DC table's symbol for category 3 (byte 201, in the DHT segment) made 12: 8-bit samples have DC
        // differences of category 11 at most (T.81 table F.1), and libjpeg's encoder refuses anything larger.
        byte[] file = Read(BaldGuys);
        Assert.Equal(3, file[201]);
        file[201] = 12;
        AssertWarns(file, "coefficient magnitude category beyond 8-bit precision");
    }

    [Fact]
    public void PaddingBitsThatAreNotOnesWarnAndTheImageIsUnchanged()
    {
        // The last byte of the scan ends in padding 1-bits (T.81 F.1.2.3); a 0 there changes no coefficient.
        byte[] intact = Read(BaldGuys);
        byte[] file = (byte[])intact.Clone();
        int last = HostileFiles.EoiOffset(file) - 1;
        Assert.Equal(1, file[last] & 1);
        file[last] &= 0xFE;
        AssertWarns(file, "not padded with 1-bits");
        using Image<Rgb24> expected = FaceImage.Load(intact);
        using Image<Rgb24> image = FaceImage.Load(file);
        Assert.Equal(Pixels(expected), Pixels(image));
    }

    [Fact]
    public void InvalidSequentialScanParametersWarnAsLibjpegDoes()
    {
        byte[] file = Read(BaldGuys);
        int sos = HostileFiles.FindMarker(file, 0xDA);
        int length = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(sos + 2));
        file[sos + 2 + length - 2] = 62; // Se: 63 in a sequential scan
        AssertWarns(file, "Invalid SOS parameters for sequential JPEG");
    }

    [Fact]
    public void UnknownJfifMajorVersionWarnsAsLibjpegDoes()
    {
        byte[] file = Read(BaldGuys);
        Assert.Equal("JFIF"u8.ToArray(), file[6..10]);
        file[11] = 2; // JFIF 2.01: libjpeg 2.1.5 warns "unknown JFIF revision number"
        AssertWarns(file, "unknown JFIF revision number 2.01");
    }

    [Fact]
    public void UnknownAdobeTransformWarnsAsLibjpegDoes()
    {
        // An APP14 "Adobe" segment with transform 2 in a 3-component file with neither JFIF nor Adobe segments (libjpeg
        // 2.1.5 warns about this very file: tools/libjpeg-oracle).
        byte[] intact = Read(Obama480);
        Assert.True(intact.AsSpan().IndexOf("JFIF"u8) < 0 && intact.AsSpan().IndexOf("Adobe"u8) < 0);
        byte[] app14 = [0xFF, 0xEE, 0x00, 0x0E, .. "Adobe"u8, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x02];
        byte[] file = HostileFiles.Insert(intact, 2, app14);
        AssertWarns(file, "Unknown Adobe color transform code 2");
    }

    [Fact]
    public void ProgressiveRunPastTheSpectralBandWarns()
    {
        byte[] file = Delete(Read(Dogs), 174800, 12); // scandelete@174800x12
        AssertWarns(file, "AC coefficient run past the end of the spectral band");
    }

    [Fact]
    public void ProgressiveEndOfBandRunPastTheScanWarns()
    {
        byte[] file = Flip(Read(RoseLeslie), 36477, 2); // flip@36477.2
        AssertWarns(file, "end-of-band run past the end of its scan or restart interval");
    }

    [Fact]
    public void ProgressivePaddingThatIsNotOnesWarns()
    {
        byte[] file = Replace(Read(RoseLeslie), 12497, [0x75, 0x6c, 0x39, 0xa5, 0x1a, 0x6c, 0xb3, 0x55]); // scanreplace@12497x8
        AssertWarns(file, "not padded with 1-bits");
    }

    [Fact]
    public void ProgressiveDataCutShortIsRefusedNotPatched()
    {
        // An EOI inside the first AC scan: ImageSharp alone decodes this without a word.
        byte[] intact = Read(Obama1);
        byte[] file = HostileFiles.Insert(intact, 29065, [0xFF, 0xD9]); // scanmarker@29065:FFD9
        var e = Assert.Throws<FaceImageException>(() => FaceImage.Load(file));
        Assert.Equal(FaceImageError.Corrupt, e.Reason);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void ProgressiveBadHuffmanCodeIsNeverSilent()
    {
        // 16 1-bits are never a Huffman code (T.81 C): an FF 00 pair (a stuffed FF data byte) twice at the start of the
        // first DC scan is a code that matches nothing; libjpeg warns (JWRN_HUFF_BAD_CODE, then the data runs short)
        // and the checker finds the scan's data cut short.
        byte[] intact = Read(Obama1);
        byte[] file = HostileFiles.Insert(intact, HostileFiles.ScanStart(intact), [0xFF, 0x00, 0xFF, 0x00]);
        Assert.Equal(FaceImageError.Corrupt, Assert.Throws<FaceImageException>(() => FaceImage.Load(file)).Reason);
    }

    private static byte[] Read(string fixture) => File.ReadAllBytes(Fixtures.Path(fixture));

    private static byte[] Flip(byte[] file, int offset, int bit)
    {
        file[offset] ^= (byte)(1 << bit);
        return file;
    }

    private static byte[] Replace(byte[] file, int offset, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(file.AsSpan(offset));
        return file;
    }

    private static byte[] Delete(byte[] file, int offset, int count) => [.. file.AsSpan(0, offset), .. file.AsSpan(offset + count)];

    private static void AssertWarns(byte[] file, string expected)
    {
        var warnings = new List<string>();
        using Image<Rgb24> image = FaceImage.Load(file, null, warnings);
        Assert.True(warnings.Exists(w => w.Contains(expected, StringComparison.Ordinal)), $"expected \"{expected}\" in: {string.Join(" | ", warnings)}");
    }

    private static byte[] Pixels(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }
}
