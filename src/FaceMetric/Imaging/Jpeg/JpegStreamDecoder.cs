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
    private readonly bool _checkProgressive;
    private ProgressiveScanChecker? _progressive;
    private int _restartInterval;
    private bool _sawJfif;
    private int? _adobeTransform;
    private int _scanCount;
    private bool _multiScan;
    private JpegFrame? _frame;

    /// <summary>A decoder of sequential files; with <paramref name="checkProgressive"/>, a checker of progressive (SOF2)
    /// files instead: their scans are read by <see cref="ProgressiveScanChecker"/> for damage, and nothing is decoded.</summary>
    public JpegStreamDecoder(bool checkProgressive = false)
    {
        _checkProgressive = checkProgressive;
    }

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
                case JpegMarker.Sof0 when !_checkProgressive:
                case JpegMarker.Sof1 when !_checkProgressive:
                    ReadFrame(header, reader.Position + 2);
                    reader.ReadSegment();
                    break;
                case JpegMarker.Sof2 when _checkProgressive:
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
            if (!c.Decoded && _progressive is null)
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

        _frame = header.CreateFrame(MaxPixels, _checkProgressive);
        if (_checkProgressive)
        {
            _progressive = new ProgressiveScanChecker(_frame);
        }
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
            if (head[5] != 1)
            {
                Warnings.Add($"Warning: unknown JFIF revision number {head[5]}.{head[6]:D2}"); // JWRN_JFIF_MAJOR
            }
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

        if (_progressive is not null)
        {
            CheckProgressiveScan(file, ref reader, body, frame, _progressive);
            return;
        }

        if (_scanCount == 0)
        {
            ColorSpace = JpegColorSpaceRule.Decide(frame, _sawJfif, _adobeTransform);
            WarnAboutAdobeTransform(frame);
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

        // Ss, Se, Ah, Al: a sequential scan decodes as if they were 0, 63, 0, 0, and libjpeg warns when they are not.
        if (body[^3] != 0 || body[^2] != 63 || body[^1] != 0)
        {
            Warnings.Add("Invalid SOS parameters for sequential JPEG"); // JWRN_NOT_SEQUENTIAL
        }

        int end = _scanDecoder.Decode(file, reader.Position, frame, scan, _restartInterval, Warnings);
        foreach (ScanComponent sc in scan)
        {
            sc.Component.Decoded = true;
        }

        _scanCount++;
        reader.Position = end;
    }

    private void WarnAboutAdobeTransform(JpegFrame frame)
    {
        // jdapimin.c default_decompress_parms: a transform code other than 0 or 1 is read as YCbCr, with a warning.
        if (frame.Components.Length == 3 && !_sawJfif && _adobeTransform is > 1)
        {
            Warnings.Add($"Unknown Adobe color transform code {_adobeTransform}"); // JWRN_ADOBE_XFORM
        }
    }

    // A progressive file's scan: its header checked as libjpeg's get_sos and start_pass_phuff_decoder check it, its data
    // read by the checker.
    private void CheckProgressiveScan(ReadOnlySpan<byte> file, ref JpegMarkerReader reader, ReadOnlySpan<byte> body, JpegFrame frame, ProgressiveScanChecker checker)
    {
        int count = body[0];
        if (_scanCount == 0)
        {
            WarnAboutAdobeTransform(frame);
            StandardHuffmanTables.FillMissing(_dcTables, _acTables);
        }

        int ss = body[^3], se = body[^2], ah = body[^1] >> 4, al = body[^1] & 15;
        var components = new JpegComponent[count];
        var dc = new HuffmanTable?[count];
        var ac = new HuffmanTable?[count];
        for (int i = 0; i < count; i++)
        {
            int id = body[1 + (2 * i)];
            int tables = body[2 + (2 * i)];
            JpegComponent component = frame.FindComponent(id) ?? throw JpegRejectedException.Corrupt("SOS names an unknown component");
            if (Array.IndexOf(components, component, 0, i) >= 0)
            {
                throw JpegRejectedException.Corrupt("component twice in one scan");
            }

            _ = _quantTables[component.QuantTableIndex] ?? throw JpegRejectedException.Corrupt("quantisation table not defined");
            components[i] = component;
            dc[i] = ss == 0 && ah == 0 ? Derived(_dcTables, tables >> 4, true) : null;
            ac[i] = ss != 0 ? Derived(_acTables, tables & 15, false) : null;
        }

        int end = checker.Check(file, reader.Position, components, dc, ac, (ss, se, ah, al), _restartInterval, Warnings);
        foreach (JpegComponent c in components)
        {
            c.Decoded = true;
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
