using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace FaceMetric.Imaging;

/// <summary>
/// Counts the metadata and ancillary bytes of a PNG or WebP file against <see cref="ImageLimits.MaxMetadataBytes"/>
/// before any decoder sees them. Compressed PNG chunks (zTXt, compressed iTXt, iCCP) are counted by the size they inflate
/// to, inflating at most the remaining budget (into a scratch buffer), so a 1 MB chunk that would inflate to 1 GiB costs
/// a few milliseconds to refuse. JPEG metadata is counted by <see cref="Jpeg.JpegContainer"/>.
/// </summary>
internal static class MetadataBudget
{
    /// <summary>The metadata bytes of the file, or null when they are within <paramref name="limit"/>; the bytes counted
    /// so far (over the limit) otherwise.</summary>
    public static long? FindExcess(ContainerFormat format, ReadOnlySpan<byte> data, long limit) => format switch
    {
        ContainerFormat.Png => Png(data, limit),
        ContainerFormat.Webp => Webp(data, limit),
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
}
