namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Reads a baseline or extended-sequential Huffman JPEG (SOF0/SOF1, 8-bit) from its markers to its EOI, as libjpeg's
/// jdmarker.c/jdinput.c accept it, and decodes every scan into the components' sample planes. Tables (DHT, DQT) and
/// the restart interval (DRI) may come anywhere before the scan that uses them; a component's quantisation table is
/// the one defined when its scan starts. Anything libjpeg would refuse, and anything this decoder leaves to ImageSharp,
/// raises <see cref="JpegRejectedException"/>. Not thread-safe; one instance per file, disposed after use (the sample
/// planes are rented from the shared array pool).
/// </summary>
internal sealed class JpegStreamDecoder : IDisposable
{
    /// <summary>Largest image decoded: 400 megapixels.</summary>
    public const long MaxPixels = 400_000_000;

    private const int TableSlots = 4;

    private readonly HuffmanTable?[] _dcTables = new HuffmanTable?[TableSlots];
    private readonly HuffmanTable?[] _acTables = new HuffmanTable?[TableSlots];
    private readonly int[]?[] _quantTables = new int[]?[TableSlots];
    private readonly HashSet<HuffmanTable> _derived = [];
    private readonly HuffmanScanDecoder _scanDecoder = new();
    private int _restartInterval;
    private bool _sawJfif;
    private int? _adobeTransform;
    private int _scanCount;
    private bool _multiScan;
    private JpegFrame? _frame;

    /// <summary>The frame, with every component's plane decoded, once <see cref="Decode"/> returned.</summary>
    public JpegFrame Frame => _frame ?? throw new InvalidOperationException("Nothing decoded.");

    /// <summary>The coded colour space, decided when the first scan starts.</summary>
    public JpegColorSpace ColorSpace { get; private set; }

    /// <summary>Returns the components' planes to the array pool.</summary>
    public void Dispose()
    {
        if (_frame is not null)
        {
            foreach (JpegComponent c in _frame.Components)
            {
                c.ReturnPlane();
            }
        }
    }

    /// <summary>What the decoder recovered from, as libjpeg's warnings say it (empty for an intact file).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Parses and decodes the whole file.</summary>
    /// <param name="file">The JPEG file.</param>
    /// <param name="header">The frame header <see cref="JpegContainer"/> read from this file: the decoder takes its frame
    /// from it, and refuses any SOF segment but that one.</param>
    /// <exception cref="JpegRejectedException">The file is corrupt, truncated or uses an unsupported feature.</exception>
    public void Decode(ReadOnlySpan<byte> file, JpegFrameHeader header)
    {
        if (file.Length < 2 || file[0] != 0xFF || file[1] != JpegMarker.Soi)
        {
            throw JpegRejectedException.Corrupt("not a JPEG file (no SOI)");
        }

        var reader = new JpegMarkerReader(file, 2);
        while (true)
        {
            byte marker = reader.NextMarker();
            if (reader.Discarded > 0)
            {
                Warnings.Add($"Corrupt JPEG data: {reader.Discarded} extraneous bytes before marker 0x{marker:x2}");
            }

            switch (marker)
            {
                case JpegMarker.Sof0:
                case JpegMarker.Sof1:
                    ReadFrame(header, reader.Position + 2);
                    reader.ReadSegment();
                    break;
                case JpegMarker.Sof2:
                    throw JpegRejectedException.NotSupported("progressive JPEG (SOF2)");
                case JpegMarker.Sof3:
                    throw JpegRejectedException.NotSupported("lossless JPEG (SOF3)");
                case >= 0xC9 and <= 0xCB:
                case >= 0xCD and <= 0xCF:
                    throw JpegRejectedException.NotSupported($"arithmetic coding (SOF{marker - JpegMarker.Sof0})");
                case >= 0xC5 and <= 0xC7:
                    throw JpegRejectedException.NotSupported($"hierarchical JPEG (SOF{marker - JpegMarker.Sof0})");
                case JpegMarker.Dac:
                    throw JpegRejectedException.NotSupported("arithmetic conditioning (DAC)");
                case JpegMarker.Dht:
                    ReadHuffmanTables(reader.ReadSegment());
                    break;
                case JpegMarker.Dqt:
                    ReadQuantTables(reader.ReadSegment());
                    break;
                case JpegMarker.Dri:
                    ReadRestartInterval(reader.ReadSegment());
                    break;
                case >= JpegMarker.App0 and <= JpegMarker.App15:
                    ReadApplicationSegment(marker, reader.SkipSegment(14));
                    break;
                case JpegMarker.Com:
                case JpegMarker.Dnl:
                    reader.SkipSegment(0);
                    break;
                case >= JpegMarker.Rst0 and <= JpegMarker.Rst7:
                case JpegMarker.Tem:
                    break; // parameterless markers outside a scan: libjpeg ignores them
                case JpegMarker.Sos:
                    ReadScanHeaderAndDecode(file, ref reader);
                    break;
                case JpegMarker.Eoi:
                    Finish(reader.ReachedEnd);
                    return;
                case JpegMarker.Soi:
                    throw JpegRejectedException.Corrupt("duplicate SOI");
                default:
                    throw JpegRejectedException.Corrupt($"unknown marker FF{marker:X2}");
            }
        }
    }

    private void Finish(bool endOfFile)
    {
        if (endOfFile)
        {
            Warnings.Add("Premature end of JPEG file");
        }

        foreach (HuffmanTable table in _derived)
        {
            if (table.BadCodes > 0)
            {
                Warnings.Add($"Corrupt JPEG data: bad Huffman code ({table.BadCodes} times)");
            }
        }

        if (_frame is null || _scanCount == 0)
        {
            throw JpegRejectedException.Corrupt("no image data before EOI");
        }

        foreach (JpegComponent c in _frame.Components)
        {
            if (!c.Decoded)
            {
                throw JpegRejectedException.Corrupt($"component {c.Id} has no scan");
            }
        }
    }

    private void ReadFrame(JpegFrameHeader header, int bodyOffset)
    {
        if (_frame is not null || bodyOffset != header.BodyOffset)
        {
            throw JpegRejectedException.Corrupt("duplicate SOF");
        }

        _frame = header.CreateFrame(MaxPixels);
    }

    private void ReadHuffmanTables(ReadOnlySpan<byte> body)
    {
        int offset = 0;
        while (offset < body.Length)
        {
            int index = body[offset++];
            bool ac = (index & 0x10) != 0;
            index &= ~0x10;
            if (index >= TableSlots)
            {
                throw JpegRejectedException.Corrupt("bad DHT table index");
            }

            HuffmanTable table = HuffmanTable.Read(body, ref offset);
            (ac ? _acTables : _dcTables)[index] = table;
        }
    }

    private void ReadQuantTables(ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> natural = ZigZag.NaturalOrder;
        int offset = 0;
        while (offset < body.Length)
        {
            int pq = body[offset] >> 4;
            int index = body[offset++] & 15;
            if (index >= TableSlots)
            {
                throw JpegRejectedException.Corrupt("bad DQT table index");
            }

            int size = pq == 0 ? 64 : 128;
            if (body.Length - offset < size)
            {
                throw JpegRejectedException.Corrupt("DQT segment length");
            }

            // libjpeg-turbo (built with SIMD) multiplies by the table as 16-bit signed ISLOW_MULT_TYPE values, so a
            // 16-bit entry above 32767 acts as a negative one.
            int[] table = _quantTables[index] ??= new int[64];
            for (int k = 0; k < 64; k++)
            {
                table[natural[k]] = pq == 0 ? body[offset + k] : (short)((body[offset + (2 * k)] << 8) | body[offset + (2 * k) + 1]);
            }

            offset += size;
        }
    }

    private void ReadRestartInterval(ReadOnlySpan<byte> body)
    {
        if (body.Length != 2)
        {
            throw JpegRejectedException.Corrupt("DRI segment length");
        }

        _restartInterval = (body[0] << 8) | body[1];
    }

    // jdmarker.c examine_app0/examine_app14: only the header before the first scan decides the colour space.
    private void ReadApplicationSegment(byte marker, ReadOnlySpan<byte> head)
    {
        if (_scanCount > 0)
        {
            return;
        }

        if (marker == JpegMarker.App0 && head.Length >= 14 && head.StartsWith("JFIF\0"u8))
        {
            _sawJfif = true;
        }
        else if (marker == JpegMarker.App14 && head.Length >= 12 && head.StartsWith("Adobe"u8))
        {
            _adobeTransform = head[11];
        }
    }

    private void ReadScanHeaderAndDecode(ReadOnlySpan<byte> file, ref JpegMarkerReader reader)
    {
        ReadOnlySpan<byte> body = reader.ReadSegment();
        JpegFrame frame = _frame ?? throw JpegRejectedException.Corrupt("SOS before SOF");
        int count = body.Length > 0 ? body[0] : 0;
        if (count is < 1 or > 4 || body.Length != (2 * count) + 4)
        {
            throw JpegRejectedException.Corrupt("SOS segment length");
        }

        if (_scanCount == 0)
        {
            ColorSpace = JpegColorSpaceRule.Decide(frame, _sawJfif, _adobeTransform);
            StandardHuffmanTables.FillMissing(_dcTables, _acTables);
            _multiScan = count < frame.Components.Length;
            AllocatePlanes(frame, file.Length - reader.Position);
        }
        else if (!_multiScan)
        {
            throw JpegRejectedException.Corrupt("a second scan after a scan of all components");
        }

        var scan = new ScanComponent[count];
        int blocksInMcu = 0;
        for (int i = 0; i < count; i++)
        {
            int id = body[1 + (2 * i)];
            int tables = body[2 + (2 * i)];
            JpegComponent component = frame.FindComponent(id) ?? throw JpegRejectedException.Corrupt("SOS names an unknown component");
            for (int j = 0; j < i; j++)
            {
                if (scan[j].Component == component)
                {
                    throw JpegRejectedException.Corrupt("component twice in one scan");
                }
            }

            if (component.Decoded)
            {
                throw JpegRejectedException.NotSupported("a component coded in two scans");
            }

            int[] quant = _quantTables[component.QuantTableIndex] ?? throw JpegRejectedException.Corrupt("quantisation table not defined");
            quant.CopyTo(component.Quant, 0);
            scan[i] = new ScanComponent(component, Derived(_dcTables, tables >> 4, true), Derived(_acTables, tables & 15, false));
            blocksInMcu += component.HorizontalSampling * component.VerticalSampling;
        }

        if (count > 1 && blocksInMcu > 10)
        {
            throw JpegRejectedException.Corrupt("too many blocks in an MCU");
        }

        // Ss, Se, Ah, Al (body[^3..]) are not checked: libjpeg only warns when a sequential scan sets them oddly.
        int end = _scanDecoder.Decode(file, reader.Position, frame, scan, _restartInterval, Warnings);
        foreach (ScanComponent sc in scan)
        {
            sc.Component.Decoded = true;
        }

        _scanCount++;
        reader.Position = end;
    }

    private HuffmanTable Derived(HuffmanTable?[] slots, int index, bool isDc)
    {
        HuffmanTable table = (index < TableSlots ? slots[index] : null) ?? throw JpegRejectedException.Corrupt("Huffman table not defined");
        if (_derived.Add(table))
        {
            table.Derive(isDc);
        }

        return table;
    }

    private static void AllocatePlanes(JpegFrame frame, long bytesLeft)
    {
        // Every block costs at least 2 bits (a DC code and an AC code of 1 bit or more), so a file too short for
        // its declared size is refused here, before the planes are allocated.
        long blocks = 0;
        foreach (JpegComponent c in frame.Components)
        {
            blocks += (long)c.WidthInBlocks * c.HeightInBlocks;
        }

        if (blocks > 4 * bytesLeft)
        {
            throw JpegRejectedException.Corrupt("file too short for the image size it declares");
        }

        foreach (JpegComponent c in frame.Components)
        {
            c.RentPlane(frame);
        }
    }
}
