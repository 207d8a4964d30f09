namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Walks the marker segments of a JPEG file the way libjpeg's jdmarker.c does: between segments, bytes that are not a
/// marker are skipped (libjpeg warns and goes on), FF fill bytes are skipped, and FF 00 is not a marker. The end of the
/// file reads as EOI, as libjpeg's source manager inserts one there.
/// </summary>
internal ref struct JpegMarkerReader
{
    private readonly ReadOnlySpan<byte> _data;

    public JpegMarkerReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        Position = position;
    }

    /// <summary>The next byte to read.</summary>
    public int Position { get; set; }

    /// <summary>True once <see cref="NextMarker"/> returned EOI because the file ended.</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>Bytes that the last <see cref="NextMarker"/> skipped before its marker, not counting FF fill bytes
    /// (libjpeg's discarded_bytes, which it reports as "Corrupt JPEG data: N extraneous bytes before marker").</summary>
    public int Discarded { get; private set; }

    /// <summary>Finds the next marker and returns its code, leaving <see cref="Position"/> just after it.</summary>
    public byte NextMarker()
    {
        int p = Position;
        Discarded = 0;
        while (true)
        {
            while (p < _data.Length && _data[p] != 0xFF)
            {
                p++;
                Discarded++;
            }

            while (p < _data.Length && _data[p] == 0xFF)
            {
                p++;
            }

            if (p >= _data.Length)
            {
                Position = _data.Length;
                ReachedEnd = true;
                return JpegMarker.Eoi;
            }

            byte code = _data[p++];
            if (code != 0)
            {
                Position = p;
                return code;
            }

            Discarded += 2;
        }
    }

    /// <summary>Reads a segment's 2-byte length and returns its body, moving past it.</summary>
    /// <exception cref="JpegRejectedException">The length is below 2 or runs past the end of the file.</exception>
    public ReadOnlySpan<byte> ReadSegment()
    {
        int length = ReadLength();
        if (length < 2 || length > _data.Length - Position + 2)
        {
            throw JpegRejectedException.Corrupt("marker segment length runs past the end of the file");
        }

        ReadOnlySpan<byte> body = _data.Slice(Position, length - 2);
        Position += length - 2;
        return body;
    }

    /// <summary>
    /// Skips a segment the decoder does not interpret (APPn, COM, DNL) and returns up to <paramref name="keep"/> of its
    /// first bytes. As libjpeg's skip_variable, a length below 2 skips nothing beyond the length itself.
    /// </summary>
    /// <exception cref="JpegRejectedException">The segment runs past the end of the file.</exception>
    public ReadOnlySpan<byte> SkipSegment(int keep)
    {
        int length = ReadLength() - 2;
        if (length <= 0)
        {
            return [];
        }

        if (length > _data.Length - Position)
        {
            throw JpegRejectedException.Corrupt("marker segment runs past the end of the file");
        }

        ReadOnlySpan<byte> head = _data.Slice(Position, Math.Min(keep, length));
        Position += length;
        return head;
    }

    private int ReadLength()
    {
        if (Position > _data.Length - 2)
        {
            throw JpegRejectedException.Corrupt("marker segment truncated");
        }

        int length = (_data[Position] << 8) | _data[Position + 1];
        Position += 2;
        return length;
    }
}
