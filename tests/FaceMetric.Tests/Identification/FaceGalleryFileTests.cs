using System.Buffers.Binary;
using System.Security.Cryptography;
using FaceMetric.Embedding;
using FaceMetric.Identification;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Identification;

/// <summary>The gallery file: round trip, every kind of damage, and atomic saves.</summary>
public sealed class FaceGalleryFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SaveThenLoadGivesTheSameGallery()
    {
        using FaceGallery original = MixedGallery();
        string path = _folder.File("g.fmgallery");

        original.Save(path);
        using FaceGallery loaded = FaceGallery.Load(path);

        Assert.Equal(original.Count, loaded.Count);
        Assert.Equal(original.GetLabels(), loaded.GetLabels());
        Assert.All(original.GetLabels(), l => Assert.Equal(original.CountOf(l), loaded.CountOf(l)));
        foreach (FaceDescriptor probe in Johns.Faces)
        {
            // Every stored row, its order and label come back bit for bit: full searches agree exactly.
            Assert.Equal(original.Search(probe, 1000), loaded.Search(probe, 1000));
            Assert.Equal(original.Identify(probe), loaded.Identify(probe));
        }

        Assert.Equal(0.6f, loaded.Threshold);
        Assert.Equal(0.5f, FaceGallery.Load(path, threshold: 0.5f).Threshold);

        // Saving the loaded gallery writes the same bytes (the format is deterministic).
        string again = _folder.File("again.fmgallery");
        loaded.Save(again);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
    }

    [Fact]
    public void TheLayoutIsTheDocumentedOne()
    {
        using FaceGallery gallery = MixedGallery();
        string path = _folder.File("g.fmgallery");
        gallery.Save(path);
        byte[] bytes = File.ReadAllBytes(path);

        Assert.Equal("FMGALLRY"u8.ToArray(), bytes[..8]);
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(128, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(bytes.Length, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(gallery.Count, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(gallery.LabelCount, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(28)));
        Assert.Equal(SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)), bytes[^32..]);

        // The last row (the last face enrolled: bald24 face 2) sits just before the checksum, little endian.
        (_, List<FaceDescriptor> bald) = ReferenceData.ReadDescriptors("bald24_t06");
        float[] last = bald[2].ToArray();
        int rowStart = bytes.Length - 32 - (128 * 4);
        Assert.Equal(last, Enumerable.Range(0, 128).Select(k => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(rowStart + (4 * k)))));
    }

    [Fact]
    public void AnEmptyGalleryRoundTrips()
    {
        using var empty = new FaceGallery();
        string path = _folder.File("empty.fmgallery");
        empty.Save(path);

        Assert.Equal(64, new FileInfo(path).Length);
        using FaceGallery loaded = FaceGallery.Load(path);
        Assert.Equal(0, loaded.Count);
        Assert.Empty(loaded.GetLabels());
    }

    [Fact]
    public void EveryCutIsReportedAsTruncated()
    {
        byte[] valid = SaveMixed();
        int labelsMiddle = 32 + 10;
        int[] cuts = [1, 3, 7, 8, 11, 12, 20, 31, 32, labelsMiddle, 200, valid.Length / 2, valid.Length - 33, valid.Length - 32, valid.Length - 1];

        foreach (int cut in cuts)
        {
            FaceGalleryFormatException e = LoadBytes(valid[..cut]);
            Assert.Equal(FaceGalleryFormatError.Truncated, e.Reason);
            Assert.Contains($"{cut} bytes", e.Message);
        }
    }

    [Fact]
    public void AnEmptyFileIsReportedAsEmpty()
    {
        FaceGalleryFormatException e = LoadBytes([]);

        Assert.Equal(FaceGalleryFormatError.Truncated, e.Reason);
        Assert.Contains("empty", e.Message);
        Assert.Contains("Cannot load face gallery", e.Message);
    }

    [Fact]
    public void EveryFlippedBitIsCaught()
    {
        byte[] valid = SaveMixed();
        var positions = Enumerable.Range(0, 32).Concat(Enumerable.Range(0, 97).Select(i => 32 + (int)((long)i * (valid.Length - 33) / 96))).Distinct();

        foreach (int position in positions)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] damaged = (byte[])valid.Clone();
                damaged[position] ^= (byte)(1 << bit);

                FaceGalleryFormatException e = LoadBytes(damaged);

                FaceGalleryFormatError expected = position switch
                {
                    < 8 => FaceGalleryFormatError.ForeignFile,
                    < 12 => FaceGalleryFormatError.UnsupportedVersion,
                    >= 16 and < 24 => e.Reason, // the length field: checked below
                    _ => FaceGalleryFormatError.ChecksumMismatch,
                };
                Assert.Equal(expected, e.Reason);
                if (position is >= 16 and < 24)
                {
                    Assert.Contains(e.Reason, new[] { FaceGalleryFormatError.Truncated, FaceGalleryFormatError.Malformed });
                }
            }
        }
    }

    [Fact]
    public void AForeignFileIsNamedAsSuch()
    {
        byte[] png = File.ReadAllBytes(Fixtures.Path(TestFiles.Reference.BaldGuysFace0));

        FaceGalleryFormatException e = LoadBytes(png);

        Assert.Equal(FaceGalleryFormatError.ForeignFile, e.Reason);
        Assert.Contains("not a FaceMetric gallery", e.Message);
        Assert.Contains("89504E47", e.Message); // the PNG signature it found instead
        Assert.Equal(FaceGalleryFormatError.ForeignFile, LoadBytes("name,descriptor\n"u8.ToArray()).Reason);
        Assert.Equal(FaceGalleryFormatError.ForeignFile, LoadBytes([0x00]).Reason);
        Assert.Equal(FaceGalleryFormatError.Truncated, LoadBytes([0x46]).Reason); // "F": could be a cut gallery
        Assert.Equal(FaceGalleryFormatError.Truncated, LoadBytes("FMG"u8.ToArray()).Reason);
    }

    [Fact]
    public void AnotherVersionIsRefused()
    {
        byte[] bytes = SaveMixed();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 2);
        Reseal(bytes);

        FaceGalleryFormatException e = LoadBytes(bytes);

        Assert.Equal(FaceGalleryFormatError.UnsupportedVersion, e.Reason);
        Assert.Contains("version 2", e.Message);
    }

    [Fact]
    public void AnotherDimensionIsRefusedEvenWithAValidChecksum()
    {
        byte[] bytes = SaveMixed();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), 512);
        Reseal(bytes);

        FaceGalleryFormatException e = LoadBytes(bytes);

        Assert.Equal(FaceGalleryFormatError.WrongDimension, e.Reason);
        Assert.Contains("512", e.Message);
    }

    [Fact]
    public void BrokenRulesBehindAValidChecksumAreMalformed()
    {
        byte[] valid = SaveMixed();
        int labelCount = BinaryPrimitives.ReadInt32LittleEndian(valid.AsSpan(28));
        int count = BinaryPrimitives.ReadInt32LittleEndian(valid.AsSpan(24));
        int indicesStart = valid.Length - 32 - (count * 128 * 4) - (count * 4);

        byte[] badIndex = (byte[])valid.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(badIndex.AsSpan(indicesStart), labelCount);
        Reseal(badIndex);
        Assert.Equal(FaceGalleryFormatError.Malformed, LoadBytes(badIndex).Reason);

        byte[] nan = (byte[])valid.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(nan.AsSpan(valid.Length - 36), float.NaN);
        Reseal(nan);
        Assert.Contains("non-finite", LoadBytes(nan).Message);

        byte[] tooManyLabels = (byte[])valid.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(tooManyLabels.AsSpan(28), int.MaxValue);
        Reseal(tooManyLabels);
        Assert.Equal(FaceGalleryFormatError.Malformed, LoadBytes(tooManyLabels).Reason);

        byte[] trailing = [.. valid, 0];
        Assert.Equal(FaceGalleryFormatError.Malformed, LoadBytes(trailing).Reason);
    }

    [Fact]
    public void AnInterruptedSaveLeavesThePreviousFileIntact()
    {
        string path = _folder.File("g.fmgallery");
        using (FaceGallery first = FaceGalleryTests.JohnsGallery())
        {
            first.Save(path);
        }

        byte[] before = File.ReadAllBytes(path);
        using FaceGallery bigger = MixedGallery();
        long fullLength = SaveMixed().Length;

        foreach (long failAfter in new[] { 0L, 1, 31, 32, 1000, fullLength / 2, fullLength - 32, fullLength - 1 })
        {
            IOException e = Assert.Throws<IOException>(() => bigger.Save(path, s => new FailingStream(s, failAfter)));

            Assert.Contains("Simulated", e.Message);
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(_folder.Path)); // the temporary file was removed
            using FaceGallery survivor = FaceGallery.Load(path);
            Assert.Equal(55, survivor.Count);
        }

        // And a save that completes replaces it.
        bigger.Save(path);
        using FaceGallery replaced = FaceGallery.Load(path);
        Assert.Equal(bigger.Count, replaced.Count);
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void MissingFilesAndFoldersAreStandardIoErrors()
    {
        Assert.Throws<FileNotFoundException>(() => FaceGallery.Load(_folder.File("absent.fmgallery")));
        using var gallery = new FaceGallery();
        Assert.Throws<DirectoryNotFoundException>(() => gallery.Save(Path.Combine(_folder.Path, "no-such-folder", "g.fmgallery")));
        Assert.Throws<ArgumentException>(() => gallery.Save(string.Empty));
        Assert.Throws<ArgumentNullException>(() => FaceGallery.Load(null!));
    }

    /// <summary>johns (5 x 11) plus labels with non-ASCII names, one face each.</summary>
    private static FaceGallery MixedGallery()
    {
        FaceGallery gallery = FaceGalleryTests.JohnsGallery();
        (_, List<FaceDescriptor> bald) = ReferenceData.ReadDescriptors("bald24_t06");
        gallery.Enroll("Zoë Ñandú", bald[0]);
        gallery.Enroll("李小龍", [bald[1], bald[3]]);
        gallery.Enroll("😀 emoji", bald[2]);
        return gallery;
    }

    private byte[] SaveMixed()
    {
        using FaceGallery gallery = MixedGallery();
        string path = _folder.File($"mixed-{Guid.NewGuid():N}.fmgallery");
        gallery.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    private FaceGalleryFormatException LoadBytes(byte[] bytes)
    {
        string path = _folder.File($"case-{Guid.NewGuid():N}.fmgallery");
        File.WriteAllBytes(path, bytes);
        try
        {
            FaceGalleryFormatException e = Assert.Throws<FaceGalleryFormatException>(() => FaceGallery.Load(path));
            Assert.Equal(path, e.FilePath);
            Assert.Contains(path, e.Message);
            Assert.IsAssignableFrom<FaceMetricException>(e);
            return e;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Recomputes the checksum after a deliberate edit, to reach the checks behind it.</summary>
    private static void Reseal(byte[] bytes) => SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).CopyTo(bytes, bytes.Length - 32);
}
