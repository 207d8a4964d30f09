using System.Buffers.Binary;

namespace FaceMetric.Imaging;

/// <summary>
/// Tells whether an encoded image is complete, by walking its container structure without decoding it. ImageSharp 2.x
/// decodes many truncated files without complaint (filling the missing part), so truncation is detected here.
/// Only truncation is judged: a structure that is malformed in other ways counts as complete, and the decoder rejects it.
/// </summary>
internal static class ContainerIntegrity
{
    /// <summary>Returns null when the data is complete, else a sentence saying what is missing.</summary>
    public static string? FindTruncation(ContainerFormat format, ReadOnlySpan<byte> data) => format switch
    {
        ContainerFormat.Jpeg => Jpeg(data),
        ContainerFormat.Png => Png(data),
        ContainerFormat.Bmp => Bmp(data),
        ContainerFormat.Webp => Webp(data),
        ContainerFormat.Gif => Gif(data),
        ContainerFormat.Tiff => Tiff(data),
        _ => null,
    };

    // JPEG: segments with lengths up to each SOS, entropy-coded data up to the next real marker, until EOI (FF D9).
    private static string? Jpeg(ReadOnlySpan<byte> d)
    {
        const string Missing = "the JPEG data ends before its end-of-image marker (truncated file)";
        int pos = 2;
        while (true)
        {
            int ff = d[pos..].IndexOf((byte)0xFF);
            if (ff < 0)
            {
                return Missing;
            }

            pos += ff;
            while (pos < d.Length && d[pos] == 0xFF)
            {
                pos++;
            }

            if (pos >= d.Length)
            {
                return Missing;
            }

            byte marker = d[pos++];
            if (marker == 0xD9)
            {
                return null;
            }

            if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8))
            {
                continue; // no length field
            }

            if (pos + 2 > d.Length)
            {
                return Missing;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(d[pos..]);
            if (length < 2)
            {
                return null; // malformed: the decoder will say so
            }

            if ((long)pos + length > d.Length)
            {
                return Missing;
            }

            pos += length;
            if (marker != 0xDA)
            {
                continue;
            }

            // Entropy-coded data: FF 00 is a stuffed byte, FF D0-D7 a restart marker, FF FF fill; anything else ends it.
            while (true)
            {
                int i = d[pos..].IndexOf((byte)0xFF);
                if (i < 0 || pos + i + 1 >= d.Length)
                {
                    return Missing;
                }

                pos += i;
                byte next = d[pos + 1];
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7))
                {
                    pos += 2;
                }
                else if (next == 0xFF)
                {
                    pos++;
                }
                else
                {
                    break;
                }
            }
        }
    }

    // PNG: chunks (length, type, data, CRC) from the signature to IEND.
    private static string? Png(ReadOnlySpan<byte> d)
    {
        long pos = 8;
        while (true)
        {
            if (pos + 8 > d.Length)
            {
                return "the PNG data ends before its IEND chunk (truncated file)";
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(d[(int)pos..]);
            long end = pos + 12 + length;
            if (end > d.Length)
            {
                return "a PNG chunk runs past the end of the data (truncated file)";
            }

            if (d.Slice((int)pos + 4, 4).SequenceEqual("IEND"u8))
            {
                return null;
            }

            pos = end;
        }
    }

    // BMP: the pixel array must be there in full for uncompressed data; compressed data must reach its declared size.
    private static string? Bmp(ReadOnlySpan<byte> d)
    {
        const string Missing = "the BMP data ends before its last row of pixels (truncated file)";
        if (d.Length < 26)
        {
            return Missing;
        }

        long offset = BinaryPrimitives.ReadUInt32LittleEndian(d[10..]);
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(d[14..]);
        long width, height;
        int bitsPerPixel;
        uint compression = 0, imageSize = 0;
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(d[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(d[20..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(d[24..]);
        }
        else
        {
            if (d.Length < 38)
            {
                return Missing;
            }

            width = BinaryPrimitives.ReadInt32LittleEndian(d[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(d[22..]));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(d[28..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(d[30..]);
            imageSize = BinaryPrimitives.ReadUInt32LittleEndian(d[34..]);
        }

        if (offset > d.Length)
        {
            return Missing;
        }

        const uint Rgb = 0, BitFields = 3, AlphaBitFields = 6;
        if (compression is Rgb or BitFields or AlphaBitFields)
        {
            if (width <= 0 || height <= 0 || bitsPerPixel <= 0)
            {
                return null; // malformed: the decoder will say so
            }

            long stride = ((width * bitsPerPixel) + 31) / 32 * 4;
            long lastRow = ((width * bitsPerPixel) + 7) / 8;
            return offset + (stride * (height - 1)) + lastRow > d.Length ? Missing : null;
        }

        return offset + imageSize > d.Length ? Missing : null;
    }

    // WebP: a RIFF file whose size field covers the whole image.
    private static string? Webp(ReadOnlySpan<byte> d)
    {
        long riffSize = BinaryPrimitives.ReadUInt32LittleEndian(d[4..]);
        return 8 + riffSize > d.Length ? "the WebP data is shorter than its RIFF header says (truncated file)" : null;
    }

    // GIF: header, screen descriptor and colour table, then blocks up to the end of the first image's data.
    private static string? Gif(ReadOnlySpan<byte> d)
    {
        const string Missing = "the GIF data ends before the end of its first image (truncated file)";
        if (d.Length < 13)
        {
            return Missing;
        }

        long pos = 13 + ColourTableSize(d[10]);
        while (true)
        {
            if (pos >= d.Length)
            {
                return Missing;
            }

            byte block = d[(int)pos];
            if (block == 0x3B)
            {
                return null; // trailer
            }

            if (block == 0x21)
            {
                pos += 2; // introducer and label
            }
            else if (block == 0x2C)
            {
                if (pos + 10 > d.Length)
                {
                    return Missing;
                }

                pos += 10 + ColourTableSize(d[(int)pos + 9]) + 1; // descriptor, local table, LZW code size
            }
            else
            {
                return null; // malformed: the decoder will say so
            }

            // Data sub-blocks up to the zero-length terminator.
            while (true)
            {
                if (pos >= d.Length)
                {
                    return Missing;
                }

                int size = d[(int)pos];
                pos += 1 + size;
                if (size == 0)
                {
                    break;
                }
            }

            if (block == 0x2C)
            {
                return pos <= d.Length ? null : Missing; // the first image is complete
            }
        }

        static long ColourTableSize(byte packed) => (packed & 0x80) != 0 ? 3L << ((packed & 0x07) + 1) : 0;
    }

    // TIFF: the first directory, and every strip or tile it points to, must lie inside the data.
    private static string? Tiff(ReadOnlySpan<byte> d)
    {
        const string Missing = "the TIFF data ends before the end of its first page (truncated file)";
        bool little = d[0] == 'I';
        if (d.Length < 8)
        {
            return Missing;
        }

        long ifd = U32(d, 4, little);
        if (ifd + 2 > d.Length)
        {
            return Missing;
        }

        int count = U16(d, (int)ifd, little);
        if (ifd + 2 + (count * 12L) + 4 > d.Length)
        {
            return Missing;
        }

        long[]? offsets = null, lengths = null;
        for (int i = 0; i < count; i++)
        {
            int entry = (int)ifd + 2 + (i * 12);
            int tag = U16(d, entry, little);
            if (!TryValues(d, entry, little, out long[]? values))
            {
                return Missing;
            }

            if (tag is 273 or 324)
            {
                offsets = values;
            }
            else if (tag is 279 or 325)
            {
                lengths = values;
            }
        }

        if (offsets is null || lengths is null)
        {
            return null; // malformed or unusual: the decoder will say so
        }

        for (int i = 0; i < Math.Min(offsets.Length, lengths.Length); i++)
        {
            if (offsets[i] + lengths[i] > d.Length)
            {
                return Missing;
            }
        }

        return null;

        static int U16(ReadOnlySpan<byte> s, int at, bool le) =>
            le ? BinaryPrimitives.ReadUInt16LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt16BigEndian(s[at..]);

        static long U32(ReadOnlySpan<byte> s, int at, bool le) =>
            le ? BinaryPrimitives.ReadUInt32LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt32BigEndian(s[at..]);

        // Checks that the values of one directory entry (inline when they fit in 4 bytes) lie inside the data, and reads
        // them when they are SHORTs or LONGs (the strip and tile tables); other types give null values.
        static bool TryValues(ReadOnlySpan<byte> s, int entry, bool le, out long[]? values)
        {
            values = null;
            int type = U16(s, entry + 2, le);
            long n = U32(s, entry + 4, le);
            int width = type switch
            {
                1 or 2 or 6 or 7 => 1, // BYTE, ASCII, SBYTE, UNDEFINED
                3 or 8 => 2, // SHORT, SSHORT
                4 or 9 or 11 => 4, // LONG, SLONG, FLOAT
                5 or 10 or 12 => 8, // RATIONAL, SRATIONAL, DOUBLE
                _ => 0, // unknown type: readers skip the entry
            };
            if (width == 0)
            {
                return true;
            }

            long start = n * width <= 4 ? entry + 8 : U32(s, entry + 8, le);
            if (start + (n * width) > s.Length)
            {
                return false;
            }

            if (type is 3 or 4)
            {
                values = new long[n];
                for (int k = 0; k < n; k++)
                {
                    int at = (int)start + (k * width);
                    values[k] = width == 2 ? U16(s, at, le) : U32(s, at, le);
                }
            }

            return true;
        }
    }
}
