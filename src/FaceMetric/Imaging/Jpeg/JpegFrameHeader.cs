namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// The frame header (SOFn segment) of a JPEG file as <see cref="JpegContainer"/> found it: the one header that both the
/// pixel budget and the decoders act on. Only SOF0/SOF1 headers are checked in full (<see cref="CreateFrame"/>); for the
/// other SOFn the size and component count are read, which is all the budget needs.
/// </summary>
internal sealed class JpegFrameHeader
{
    private JpegFrameHeader(byte marker, int bodyOffset, int precision, int width, int height, byte[] componentSpecs)
    {
        Marker = marker;
        BodyOffset = bodyOffset;
        Precision = precision;
        Width = width;
        Height = height;
        ComponentSpecs = componentSpecs;
    }

    /// <summary>The SOFn marker's second byte (C0 baseline, C1 extended, C2 progressive...).</summary>
    public byte Marker { get; }

    /// <summary>Offset in the file of the segment's body (just after its length field): identifies the segment.</summary>
    public int BodyOffset { get; }

    /// <summary>Bits per sample.</summary>
    public int Precision { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels (never 0: a height left to a DNL segment is refused, as libjpeg refuses it).</summary>
    public int Height { get; }

    /// <summary>Number of components.</summary>
    public int ComponentCount => ComponentSpecs.Length / 3;

    /// <summary>True for the SOF0/SOF1 frames the libjpeg-exact decoder implements (8-bit checked in <see cref="CreateFrame"/>).</summary>
    public bool IsSequentialHuffman => Marker is JpegMarker.Sof0 or JpegMarker.Sof1;

    /// <summary>(id, sampling, quantisation table) triplets, as in the segment.</summary>
    private byte[] ComponentSpecs { get; }

    /// <summary>Reads an SOFn body; the checks every frame must pass (a size, components that fit the segment).</summary>
    /// <exception cref="JpegRejectedException">The segment is malformed (always <see cref="JpegRejectedException.Unsupported"/> false).</exception>
    public static JpegFrameHeader Parse(byte marker, ReadOnlySpan<byte> body, int bodyOffset)
    {
        if (body.Length < 6)
        {
            throw JpegRejectedException.Corrupt("SOF segment too short");
        }

        int height = (body[1] << 8) | body[2];
        int width = (body[3] << 8) | body[4];
        int count = body[5];
        if (body.Length != 6 + (3 * count))
        {
            throw JpegRejectedException.Corrupt("SOF segment length");
        }

        if (height == 0)
        {
            throw JpegRejectedException.Corrupt("the frame leaves its height to a DNL segment (not supported, as in libjpeg)");
        }

        if (width == 0 || count == 0)
        {
            throw JpegRejectedException.Corrupt("empty image (zero width, height or components)");
        }

        return new JpegFrameHeader(marker, bodyOffset, body[0], width, height, body[6..].ToArray());
    }

    /// <summary>
    /// The bytes the libjpeg-exact decoder allocates for this frame: its sample planes (padded to whole MCUs) and the
    /// RGB image it writes.
    /// </summary>
    public long DecoderBytes()
    {
        int maxH = 1, maxV = 1;
        for (int i = 0; i < ComponentCount; i++)
        {
            maxH = Math.Max(maxH, ComponentSpecs[(3 * i) + 1] >> 4);
            maxV = Math.Max(maxV, ComponentSpecs[(3 * i) + 1] & 15);
        }

        long mcuCols = (Width + (8L * maxH) - 1) / (8L * maxH);
        long mcuRows = (Height + (8L * maxV) - 1) / (8L * maxV);
        long planes = 0;
        for (int i = 0; i < ComponentCount; i++)
        {
            int h = Math.Max(1, ComponentSpecs[(3 * i) + 1] >> 4);
            int v = Math.Max(1, ComponentSpecs[(3 * i) + 1] & 15);
            planes += mcuCols * h * 8 * mcuRows * v * 8;
        }

        return planes + (3L * Width * Height);
    }

    /// <summary>The decoder's frame for an SOF0/SOF1 header, with every check libjpeg's get_sof makes; with
    /// <paramref name="progressive"/>, the frame of an 8-bit SOF2 header (1 to 4 components) for
    /// <see cref="ProgressiveScanChecker"/>.</summary>
    /// <exception cref="JpegRejectedException">The frame is corrupt, or uses what the decoder leaves to ImageSharp.</exception>
    public JpegFrame CreateFrame(long maxPixels, bool progressive = false)
    {
        if (progressive ? Marker != JpegMarker.Sof2 : !IsSequentialHuffman)
        {
            throw JpegRejectedException.NotSupported($"SOF{Marker - JpegMarker.Sof0} frame");
        }

        if (Precision != 8)
        {
            throw JpegRejectedException.NotSupported($"{Precision}-bit samples");
        }

        if (Width > JpegFrame.MaxDimension || Height > JpegFrame.MaxDimension || (long)Width * Height > maxPixels)
        {
            throw JpegRejectedException.NotSupported($"image too large ({Width}x{Height})");
        }

        int count = ComponentCount;
        if (progressive ? count is < 1 or > 4 : count != 1 && count != 3)
        {
            throw JpegRejectedException.NotSupported($"{count} components");
        }

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            int id = ComponentSpecs[3 * i];
            int h = ComponentSpecs[(3 * i) + 1] >> 4;
            int v = ComponentSpecs[(3 * i) + 1] & 15;
            int q = ComponentSpecs[(3 * i) + 2];
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                throw JpegRejectedException.Corrupt("bad sampling factors");
            }

            if (q >= 4)
            {
                throw JpegRejectedException.Corrupt("bad quantisation table index");
            }

            for (int j = 0; j < i; j++)
            {
                if (components[j].Id == id)
                {
                    throw JpegRejectedException.Corrupt("duplicate component id");
                }
            }

            components[i] = new JpegComponent(i, id, h, v, q);
        }

        return new JpegFrame(Width, Height, components);
    }
}
