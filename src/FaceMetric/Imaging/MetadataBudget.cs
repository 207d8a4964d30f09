using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace FaceMetric.Imaging;

/// <summary>
/// Counts the metadata and ancillary bytes of a PNG, WebP, GIF or TIFF file against
/// <see cref="ImageLimits.MaxMetadataBytes"/> before any decoder sees them. Compressed PNG chunks (zTXt, compressed iTXt,
/// iCCP) are counted by the size they inflate to, inflating at most the remaining budget (into a scratch buffer), so a
/// 1 MB chunk that would inflate to 1 GiB costs a few milliseconds to refuse. GIF comment, application and plain-text
/// extensions count their data sub-blocks; TIFF directories (every page's, and the EXIF and GPS directories they point
/// to) count each entry's 12 bytes, and the values of each that is not part of the picture's layout (strings, ICC, XMP,
/// IPTC, EXIF, unknown tags) by the size its count declares, whether or not the file holds that many bytes: a decoder
/// allocates by the declared count.
/// JPEG metadata is counted by <see cref="Jpeg.JpegContainer"/>.
/// </summary>
internal static class MetadataBudget
{
    /// <summary>The metadata bytes of the file, or null when they are within <paramref name="limit"/>; the bytes counted
    /// so far (over the limit) otherwise.</summary>
    public static long? FindExcess(ContainerFormat format, ReadOnlySpan<byte> data, long limit) => format switch
    {
        ContainerFormat.Png => Png(data, limit),
        ContainerFormat.Webp => Webp(data, limit),
        ContainerFormat.Gif => Gif(data, limit),
        ContainerFormat.Tiff => Tiff(data, limit),
        _ => null,
    };

    /// <summary>The sentence FaceImage reports for an excess.</summary>
    public static string Describe(string formatName, long counted, long limit) => string.Create(
        CultureInfo.InvariantCulture,
        $"the {formatName} metadata takes more than {limit} bytes ({counted} counted before stopping; ImageLimits.MaxMetadataBytes)");

    private static long? Png(ReadOnlySpan<byte> d, long limit)
    {
        long total = 0;
        long pos = 8;
        while (pos + 12 <= d.Length)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(d[(int)pos..]);
            if (pos + 12 + length > d.Length)
            {
                return null; // truncated: ContainerIntegrity refuses it
            }

            ReadOnlySpan<byte> type = d.Slice((int)pos + 4, 4);
            ReadOnlySpan<byte> body = d.Slice((int)pos + 8, (int)length);
            if (type.SequenceEqual("IEND"u8))
            {
                return null;
            }

            bool ancillary = (type[0] & 0x20) != 0;
            bool pixelRelated = type.SequenceEqual("tRNS"u8) || type.SequenceEqual("gAMA"u8) || type.SequenceEqual("cHRM"u8) ||
                type.SequenceEqual("sRGB"u8) || type.SequenceEqual("bKGD"u8) || type.SequenceEqual("pHYs"u8) || type.SequenceEqual("sBIT"u8);
            if (ancillary && !pixelRelated)
            {
                total += length;
                int compressedAt = CompressedStart(type, body);
                if (compressedAt >= 0 && total <= limit)
                {
                    total += InflatedSize(body[compressedAt..], limit - total + 1);
                }

                if (total > limit)
                {
                    return total;
                }
            }

            pos += 12 + length;
        }

        return null;
    }

    // Where a chunk's zlib stream starts, or -1 when the chunk holds none.
    private static int CompressedStart(ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        int nul = body.IndexOf((byte)0);
        if (nul < 0)
        {
            return -1;
        }

        if (type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iCCP"u8))
        {
            return nul + 2; // keyword/name, NUL, compression method
        }

        if (type.SequenceEqual("iTXt"u8))
        {
            // keyword NUL, compression flag, method, language tag NUL, translated keyword NUL, text
            if (nul + 2 >= body.Length || body[nul + 1] == 0)
            {
                return -1;
            }

            int at = nul + 3;
            for (int field = 0; field < 2; field++)
            {
                int end = body[at..].IndexOf((byte)0);
                if (end < 0)
                {
                    return -1;
                }

                at += end + 1;
            }

            return at;
        }

        return -1;
    }

    // Inflates up to `cap` bytes into a scratch buffer and returns how many came out (corrupt data stops the count).
    private static long InflatedSize(ReadOnlySpan<byte> zlib, long cap)
    {
        byte[] compressed = zlib.ToArray();
        byte[] scratch = new byte[64 * 1024];
        long total = 0;
        try
        {
            using var input = new MemoryStream(compressed, writable: false);
            using var inflater = new ZLibStream(input, CompressionMode.Decompress);
            int read;
            while (total < cap && (read = inflater.Read(scratch, 0, (int)Math.Min(scratch.Length, cap - total))) > 0)
            {
                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // Corrupt zlib data: what inflated so far is what a decoder could get.
        }

        return total;
    }

    private static long? Webp(ReadOnlySpan<byte> d, long limit)
    {
        long total = 0;
        long pos = 12;
        while (pos + 8 <= d.Length)
        {
            ReadOnlySpan<byte> fourcc = d.Slice((int)pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(d[((int)pos + 4)..]);
            bool image = fourcc.SequenceEqual("VP8 "u8) || fourcc.SequenceEqual("VP8L"u8) || fourcc.SequenceEqual("VP8X"u8) ||
                fourcc.SequenceEqual("ALPH"u8) || fourcc.SequenceEqual("ANIM"u8) || fourcc.SequenceEqual("ANMF"u8);
            if (!image)
            {
                total += size;
                if (total > limit)
                {
                    return total;
                }
            }

            pos += 8 + size + (size & 1);
        }

        return null;
    }

    // GIF: every extension block but the graphic control extension (0xF9, frame timing and transparency) is metadata:
    // comments (0xFE), application data (0xFF: XMP, ICC, loop counts), plain text (0x01), unknown labels.
    private static long? Gif(ReadOnlySpan<byte> d, long limit)
    {
        if (d.Length < 13)
        {
            return null;
        }

        long total = 0;
        long pos = 13 + ColourTableSize(d[10]);
        while (pos < d.Length)
        {
            byte block = d[(int)pos];
            bool counted;
            if (block == 0x21 && pos + 1 < d.Length)
            {
                counted = d[(int)pos + 1] != 0xF9;
                pos += 2;
            }
            else if (block == 0x2C && pos + 10 <= d.Length)
            {
                counted = false;
                pos += 10 + ColourTableSize(d[(int)pos + 9]) + 1; // descriptor, local colour table, LZW code size
            }
            else
            {
                return null; // trailer, or malformed: the decoder will say so
            }

            // Data sub-blocks up to the zero-length terminator.
            while (pos < d.Length)
            {
                int size = d[(int)pos];
                pos += 1 + size;
                if (size == 0)
                {
                    break;
                }

                if (counted && (total += size) > limit)
                {
                    return total;
                }
            }
        }

        return null;

        static long ColourTableSize(byte packed) => (packed & 0x80) != 0 ? 3L << ((packed & 0x07) + 1) : 0;
    }

    // TIFF (classic, 32-bit offsets): the page directories in their chain, and the EXIF (34665) and GPS (34853)
    // directories they point to, each read once.
    private static long? Tiff(ReadOnlySpan<byte> d, long limit)
    {
        if (d.Length < 8)
        {
            return null;
        }

        bool le = d[0] == 'I';
        long total = 0;
        var seen = new HashSet<long>();
        var pending = new Stack<(long Offset, bool Chain)>();
        pending.Push((U32(d, 4, le), true));
        while (pending.Count > 0)
        {
            var (ifd, chain) = pending.Pop();
            if (ifd < 8 || ifd + 2 > d.Length || !seen.Add(ifd))
            {
                continue; // out of the data, or a loop: the decoder will say so
            }

            int count = U16(d, (int)ifd, le);
            for (int i = 0; i < count; i++)
            {
                long entry = ifd + 2 + (i * 12L);
                if (entry + 12 > d.Length)
                {
                    break;
                }

                int tag = U16(d, (int)entry, le);
                if (tag is 34665 or 34853)
                {
                    pending.Push((U32(d, (int)entry + 8, le), false));
                }

                // Every entry's 12 bytes count (so overlapping or looping directories cost the budget, not time); the
                // values too unless the tag lays out the picture.
                total += 12;
                if (!chain || !IsLayoutTag(tag))
                {
                    total += U32(d, (int)entry + 4, le) * TypeSize(U16(d, (int)entry + 2, le));
                }

                if (total > limit)
                {
                    return total;
                }
            }

            long next = ifd + 2 + (count * 12L);
            if (chain && next + 4 <= d.Length)
            {
                pending.Push((U32(d, (int)next, le), true));
            }
        }

        return null;

        static int U16(ReadOnlySpan<byte> s, int at, bool le) =>
            le ? BinaryPrimitives.ReadUInt16LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt16BigEndian(s[at..]);

        static long U32(ReadOnlySpan<byte> s, int at, bool le) =>
            le ? BinaryPrimitives.ReadUInt32LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt32BigEndian(s[at..]);

        static long TypeSize(int type) => type switch
        {
            1 or 2 or 6 or 7 => 1, // BYTE, ASCII, SBYTE, UNDEFINED
            3 or 8 => 2, // SHORT, SSHORT
            4 or 9 or 11 or 13 => 4, // LONG, SLONG, FLOAT, IFD
            5 or 10 or 12 => 8, // RATIONAL, SRATIONAL, DOUBLE
            _ => 0, // unknown type: readers skip the values
        };
    }

    // Baseline and extension tags that lay out the picture (TIFF 6.0 sections 8 and 18-22): not metadata. A strip or
    // tile table is as long as the picture needs, and the pixel budget bounds the picture.
    private static bool IsLayoutTag(int tag) => tag is
        254 or 255 or 256 or 257 or 258 or 259 or 262 or 263 or 266 or 273 or 274 or 277 or 278 or 279 or 280 or 281 or
        282 or 283 or 284 or 290 or 291 or 292 or 293 or 296 or 317 or 318 or 319 or 320 or 322 or 323 or 324 or 325 or
        338 or 339 or 340 or 341 or 347 or 529 or 530 or 531 or 532;
}
