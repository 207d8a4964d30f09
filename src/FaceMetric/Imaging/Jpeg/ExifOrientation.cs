using System.Buffers.Binary;

namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Reads the one EXIF field face analysis needs, the orientation (tag 0x0112 of IFD0), from a TIFF-structured EXIF
/// block, without following any other directory (so self-referencing sub-IFDs and other loops cannot matter).
/// </summary>
internal static class ExifOrientation
{
    private const int OrientationTag = 0x0112;
    private const int ShortType = 3;

    /// <summary>The orientation 1-8, or 0 when the block has none or is malformed.</summary>
    public static int Read(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return 0;
        }

        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
        {
            little = true;
        }
        else if (tiff[0] == 'M' && tiff[1] == 'M')
        {
            little = false;
        }
        else
        {
            return 0;
        }

        long ifd = U32(tiff, 4, little);
        if (ifd < 8 || ifd > tiff.Length - 2)
        {
            return 0;
        }

        int count = U16(tiff, (int)ifd, little);
        for (int i = 0; i < count; i++)
        {
            long entry = ifd + 2 + (12L * i);
            if (entry > tiff.Length - 12)
            {
                return 0;
            }

            if (U16(tiff, (int)entry, little) == OrientationTag)
            {
                if (U16(tiff, (int)entry + 2, little) != ShortType || U32(tiff, (int)entry + 4, little) < 1)
                {
                    return 0;
                }

                int value = U16(tiff, (int)entry + 8, little);
                return value is >= 1 and <= 8 ? value : 0;
            }
        }

        return 0;
    }

    private static int U16(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt16BigEndian(s[at..]);

    private static long U32(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt32BigEndian(s[at..]);
}
