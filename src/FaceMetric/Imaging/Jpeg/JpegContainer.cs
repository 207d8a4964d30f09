namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// The one reading of a JPEG file's marker structure that everything else acts on: the frame header (for the pixel
/// budget, the allocation estimate and the libjpeg-exact decoder alike), the bytes of metadata segments (APPn, COM) and
/// the EXIF orientation. Markers are walked exactly as the decoder walks them (<see cref="JpegMarkerReader"/>, libjpeg's
/// rules: DNL and other segments skipped by their length, bytes between segments skipped), so no segment body can hide
/// a second frame header from one reader and show it to another.
/// </summary>
internal sealed class JpegContainer
{
    private JpegContainer(JpegFrameHeader frame, long metadataBytes, int orientation)
    {
        Frame = frame;
        MetadataBytes = metadataBytes;
        Orientation = orientation;
    }

    /// <summary>The first (and, for a decodable file, only) frame header.</summary>
    public JpegFrameHeader Frame { get; }

    /// <summary>Total bytes of APPn and COM segments in the whole file, length fields included.</summary>
    public long MetadataBytes { get; }

    /// <summary>The EXIF orientation (1-8) of the first EXIF APP1 segment; 1 when there is none or it is unreadable.</summary>
    public int Orientation { get; }

    /// <summary>Walks the file from SOI to EOI (or its end).</summary>
    /// <exception cref="JpegRejectedException">No SOI, no frame header before the first scan or the end, a second frame
    /// header, or a malformed segment.</exception>
    public static JpegContainer Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 2 || file[0] != 0xFF || file[1] != JpegMarker.Soi)
        {
            throw JpegRejectedException.Corrupt("not a JPEG file (no SOI)");
        }

        var reader = new JpegMarkerReader(file, 2);
        JpegFrameHeader? frame = null;
        long metadata = 0;
        int orientation = 0;
        while (true)
        {
            byte marker = reader.NextMarker();
            if (marker == JpegMarker.Eoi)
            {
                break;
            }

            if (marker is (>= JpegMarker.Rst0 and <= JpegMarker.Rst7) or JpegMarker.Tem)
            {
                continue; // parameterless; inside entropy-coded data they are restart markers
            }

            if (marker == JpegMarker.Soi)
            {
                throw JpegRejectedException.Corrupt("duplicate SOI");
            }

            int bodyOffset = reader.Position + 2;
            if (JpegMarker.IsStartOfFrame(marker))
            {
                ReadOnlySpan<byte> body = reader.ReadSegment();
                if (frame is not null)
                {
                    throw JpegRejectedException.Corrupt("duplicate SOF");
                }

                frame = JpegFrameHeader.Parse(marker, body, bodyOffset);
                continue;
            }

            if (marker == JpegMarker.Sos && frame is null)
            {
                throw JpegRejectedException.Corrupt("SOS before SOF");
            }

            if (marker is (>= JpegMarker.App0 and <= JpegMarker.App15) or JpegMarker.Com)
            {
                ReadOnlySpan<byte> body = reader.SkipSegment(int.MaxValue);
                metadata += body.Length + 4;
                if (orientation == 0 && marker == JpegMarker.App1 && body.StartsWith("Exif\0\0"u8))
                {
                    orientation = ExifOrientation.Read(body[6..]);
                }

                continue;
            }

            reader.SkipSegment(0);
        }

        return new JpegContainer(frame ?? throw JpegRejectedException.Corrupt("no image data (no frame header before EOI)"), metadata, orientation == 0 ? 1 : orientation);
    }
}
