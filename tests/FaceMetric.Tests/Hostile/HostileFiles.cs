using System.Buffers.Binary;
using System.IO.Compression;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Hostile;

/// <summary>Crafted and damaged files made from the repository's real fixtures (issue 14's hostile inputs).</summary>
internal static class HostileFiles
{
    /// <summary>A real baseline JPEG (face_recognition's obama.jpg).</summary>
    public static string Jpeg => Fixtures.Path("data/face_recognition/examples/obama.jpg");

    /// <summary>A real PNG (face-api.js's amy1.png).</summary>
    public static string Png => Fixtures.Path("data/face-api.js/examples/images/amy/amy1.png");

    /// <summary>Offset of the first marker <paramref name="code"/> (FF code) outside segment bodies, before the first scan.</summary>
    public static int FindMarker(byte[] jpeg, byte code)
    {
        int pos = 2;
        while (pos + 4 <= jpeg.Length)
        {
            if (jpeg[pos] != 0xFF)
            {
                throw new InvalidOperationException("not at a marker");
            }

            if (jpeg[pos + 1] == code)
            {
                return pos;
            }

            if (jpeg[pos + 1] == 0xDA)
            {
                break;
            }

            pos += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(pos + 2));
        }

        throw new InvalidOperationException($"marker FF{code:X2} not found");
    }

    /// <summary>Offset of the first byte of entropy-coded data (just after the SOS segment).</summary>
    public static int ScanStart(byte[] jpeg)
    {
        int sos = FindMarker(jpeg, 0xDA);
        return sos + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sos + 2));
    }

    /// <summary>Offset of the EOI marker at the end of the file.</summary>
    public static int EoiOffset(byte[] jpeg) => jpeg.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]);

    /// <summary>The DNL trick: SOI, then a DNL segment whose body holds a 64x64 copy of the real SOF0 and an SOS,
    /// then the real file with its SOF0 claiming <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] DnlHiddenFrame(byte[] jpeg, int width, int height)
    {
        int sof = FindMarker(jpeg, 0xC0);
        int sofLength = 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sof + 2));
        byte[] smallSof = jpeg.AsSpan(sof, sofLength).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(smallSof.AsSpan(5), 64);
        BinaryPrimitives.WriteUInt16BigEndian(smallSof.AsSpan(7), 64);
        int sos = FindMarker(jpeg, 0xDA);
        int sosLength = 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sos + 2));
        byte[] decoySos = jpeg.AsSpan(sos, sosLength).ToArray();

        byte[] real = (byte[])jpeg.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(real.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(real.AsSpan(sof + 7), (ushort)width);

        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8, 0xFF, 0xDC]);
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(2 + smallSof.Length + decoySos.Length));
        output.Write(length);
        output.Write(smallSof);
        output.Write(decoySos);
        output.Write(real.AsSpan(2));
        return output.ToArray();
    }

    /// <summary>A PNG with one more chunk before IEND.</summary>
    public static byte[] PngWithChunk(byte[] png, string type, byte[] body)
    {
        int iend = png.Length - 12;
        using var output = new MemoryStream();
        output.Write(png.AsSpan(0, iend));
        WritePngChunk(output, type, body);
        output.Write(png.AsSpan(iend));
        return output.ToArray();
    }

    /// <summary>zlib data inflating to <paramref name="bytes"/> zero bytes.</summary>
    public static byte[] ZlibZeros(long bytes)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            byte[] zeros = new byte[1 << 20];
            for (long done = 0; done < bytes; done += zeros.Length)
            {
                zlib.Write(zeros, 0, (int)Math.Min(zeros.Length, bytes - done));
            }
        }

        return compressed.ToArray();
    }

    /// <summary>A zTXt body: keyword, NUL, method 0, zlib data.</summary>
    public static byte[] ZtxtBody(byte[] zlib) => [.. "Comment"u8, 0, 0, .. zlib];

    /// <summary>A compressed iTXt body: keyword NUL, flag 1, method 0, language NUL, translated keyword NUL, zlib data.</summary>
    public static byte[] ItxtBody(byte[] zlib) => [.. "XML:com.adobe.xmp"u8, 0, 1, 0, 0, 0, .. zlib];

    /// <summary>An iCCP body: profile name, NUL, method 0, zlib data.</summary>
    public static byte[] IccpBody(byte[] zlib) => [.. "icc"u8, 0, 0, .. zlib];

    /// <summary>The file with <paramref name="insert"/> placed at <paramref name="offset"/>.</summary>
    public static byte[] Insert(byte[] file, int offset, ReadOnlySpan<byte> insert) => [.. file.AsSpan(0, offset), .. insert, .. file.AsSpan(offset)];

    private static void WritePngChunk(Stream output, string type, byte[] body) => FaceMetric.Tests.Imaging.PngWriter.WriteChunk(output, type, body);

    /// <summary>A GIF with an extension block (<paramref name="label"/>: 0xFE comment, 0xFF application) holding
    /// <paramref name="data"/> in 255-byte sub-blocks, inserted before the first block after the global colour table.</summary>
    public static byte[] GifWithExtension(byte[] gif, byte label, byte[] data)
    {
        int at = 13 + ((gif[10] & 0x80) != 0 ? 3 << ((gif[10] & 7) + 1) : 0);
        var block = new List<byte> { 0x21, label };
        for (int i = 0; i < data.Length; i += 255)
        {
            int n = Math.Min(255, data.Length - i);
            block.Add((byte)n);
            block.AddRange(data.AsSpan(i, n));
        }

        block.Add(0);
        return Insert(gif, at, block.ToArray());
    }

    /// <summary>
    /// A little-endian TIFF whose first directory gains one entry (<paramref name="tag"/>, <paramref name="type"/>,
    /// <paramref name="count"/>) whose values are <paramref name="values"/>, appended: the directory is copied to the end
    /// of the file with the new entry in tag order, and the header points to the copy.
    /// </summary>
    public static byte[] TiffWithEntry(byte[] tiff, ushort tag, ushort type, uint count, byte[] values)
    {
        if (tiff[0] != 'I')
        {
            throw new InvalidOperationException("little-endian TIFF expected");
        }

        int ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(ifd));
        uint next = BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(ifd + 2 + (12 * entries)));
        var list = new List<byte[]>();
        for (int i = 0; i < entries; i++)
        {
            list.Add(tiff.AsSpan(ifd + 2 + (12 * i), 12).ToArray());
        }

        int valuesAt = tiff.Length + (tiff.Length & 1);
        int newIfd = valuesAt + values.Length + (values.Length & 1);
        byte[] entry = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(2), type);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), count);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(8), (uint)valuesAt);
        list.Add(entry);
        list.Sort((a, b) => BinaryPrimitives.ReadUInt16LittleEndian(a).CompareTo(BinaryPrimitives.ReadUInt16LittleEndian(b)));

        byte[] file = new byte[newIfd + 2 + (12 * list.Count) + 4];
        tiff.CopyTo(file, 0);
        values.CopyTo(file, valuesAt);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)newIfd);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(newIfd), (ushort)list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            list[i].CopyTo(file, newIfd + 2 + (12 * i));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(newIfd + 2 + (12 * list.Count)), next);
        return file;
    }
}
