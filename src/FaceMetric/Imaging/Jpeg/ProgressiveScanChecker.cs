namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Reads the entropy-coded data of a progressive Huffman JPEG's scans (jdphuff.c: decode_mcu_DC_first, DC_refine,
/// AC_first, AC_refine) without reconstructing a picture, to find the damage that ImageSharp's progressive decoder,
/// which decodes these files, passes over in silence. It reports what libjpeg warns about (a Huffman code that matches
/// nothing, a correction-bit code other than 1 in a refinement scan, an inconsistent progression, extraneous bytes) and
/// what <see cref="HuffmanScanDecoder"/> checks beyond libjpeg (data consumed exactly at each restart and at the end of
/// a scan, 1-bit padding, no run past the spectral band, no magnitude category beyond 8-bit precision, no end-of-band
/// run past the end of its scan or restart interval). Data that ends inside an MCU is refused.
/// </summary>
/// <remarks>
/// A refinement scan reads one correction bit for every coefficient already nonzero, so the checker keeps, per block, a
/// 64-bit mask of the nonzero AC coefficients (8 bytes a block). Not thread-safe; one instance per file.
/// </remarks>
internal sealed class ProgressiveScanChecker
{
    private readonly JpegFrame _frame;
    private readonly ulong[][] _nonzero;   // per component, per real block: bit k set when coefficient k (zig-zag) is nonzero
    private readonly int[][] _coefBits;    // per component: the Al of the last scan that coded coefficient k, -1 before any
    private int _runsBeyondBand;
    private int _categoriesBeyondPrecision;
    private int _dcOutOfRange;
    private int _badPadding;
    private int _badCorrectionCodes;
    private int _eobRunsBeyondEnd;

    public ProgressiveScanChecker(JpegFrame frame)
    {
        _frame = frame;
        _nonzero = new ulong[frame.Components.Length][];
        _coefBits = new int[frame.Components.Length][];
        for (int i = 0; i < frame.Components.Length; i++)
        {
            JpegComponent c = frame.Components[i];
            _nonzero[i] = new ulong[(long)c.WidthInBlocks * c.HeightInBlocks];
            _coefBits[i] = new int[64];
            Array.Fill(_coefBits[i], -1);
        }
    }

    /// <summary>
    /// Checks one scan whose entropy-coded data starts at <paramref name="position"/>; returns the position where the
    /// data ends (at or before the FF of the marker that follows it, or the end of the file).
    /// </summary>
    /// <param name="file">The JPEG file.</param>
    /// <param name="position">Start of the scan's entropy-coded data.</param>
    /// <param name="components">The scan's components, in SOS order.</param>
    /// <param name="dc">Each component's DC table (null where the scan does not use one).</param>
    /// <param name="ac">Each component's AC table (null where the scan does not use one).</param>
    /// <param name="band">The SOS parameters Ss, Se, Ah, Al.</param>
    /// <param name="restartInterval">MCUs between restart markers, 0 for none.</param>
    /// <param name="warnings">Receives what the scan's data shows to be damaged.</param>
    /// <exception cref="JpegRejectedException">The data is truncated, a restart marker is missing or out of
    /// sequence, or the scan parameters are ones libjpeg refuses.</exception>
    public int Check(ReadOnlySpan<byte> file, int position, JpegComponent[] components, HuffmanTable?[] dc, HuffmanTable?[] ac, (int Ss, int Se, int Ah, int Al) band, int restartInterval, List<string> warnings)
    {
        var (ss, se, ah, al) = band;
        CheckProgression(components, band, warnings);
        _runsBeyondBand = _categoriesBeyondPrecision = _dcOutOfRange = _badPadding = _badCorrectionCodes = _eobRunsBeyondEnd = 0;

        var bits = new BitReader(file, position);
        Span<int> predictors = stackalloc int[components.Length];
        int eobRun = 0;
        bool single = components.Length == 1;
        int mcusPerRow = single ? components[0].WidthInBlocks : _frame.McusPerRow;
        int mcuRows = single ? components[0].HeightInBlocks : _frame.McuRows;
        int restartsToGo = restartInterval;
        int nextRestart = 0;
        for (int mcuY = 0; mcuY < mcuRows; mcuY++)
        {
            for (int mcuX = 0; mcuX < mcusPerRow; mcuX++)
            {
                if (restartInterval != 0)
                {
                    if (restartsToGo == 0)
                    {
                        if (bits.Overrun)
                        {
                            throw JpegRejectedException.Corrupt("entropy-coded data truncated before a restart marker");
                        }

                        int unused = bits.UnusedBytes;
                        EndOfSegment(ref bits, ref eobRun);
                        position = HuffmanScanDecoder.ExpectRestart(file, bits.DiscardBuffer(), nextRestart, warnings, unused);
                        nextRestart = (nextRestart + 1) & 7;
                        bits = new BitReader(file, position);
                        predictors.Clear();
                        restartsToGo = restartInterval;
                    }

                    restartsToGo--;
                }

                for (int s = 0; s < components.Length; s++)
                {
                    JpegComponent c = components[s];
                    int h = single ? 1 : c.HorizontalSampling;
                    int v = single ? 1 : c.VerticalSampling;
                    for (int by = 0; by < v; by++)
                    {
                        for (int bx = 0; bx < h; bx++)
                        {
                            if (ss == 0)
                            {
                                DcBlock(ref bits, ah == 0 ? dc[s] : null, ref predictors[s], al);
                            }
                            else
                            {
                                ref ulong nonzero = ref _nonzero[c.Index][(mcuY * c.WidthInBlocks) + mcuX];
                                if (ah == 0)
                                {
                                    AcFirstBlock(ref bits, ac[s]!, ref nonzero, ref eobRun, ss, se);
                                }
                                else
                                {
                                    AcRefineBlock(ref bits, ac[s]!, ref nonzero, ref eobRun, ss, se);
                                }
                            }
                        }
                    }
                }
            }

            if (bits.Overrun)
            {
                throw JpegRejectedException.Corrupt("entropy-coded data truncated");
            }
        }

        int unusedAtEnd = bits.UnusedBytes;
        if (unusedAtEnd > 0)
        {
            warnings.Add($"Corrupt JPEG data: {unusedAtEnd} extraneous bytes at the end of a scan");
        }

        EndOfSegment(ref bits, ref eobRun);
        Report(warnings);
        return bits.DiscardBuffer();
    }

    // jdphuff.c start_pass_phuff_decoder: parameters libjpeg refuses, and the progression it warns about.
    private void CheckProgression(JpegComponent[] components, (int Ss, int Se, int Ah, int Al) band, List<string> warnings)
    {
        var (ss, se, ah, al) = band;
        bool bad = ss == 0 ? se != 0 : ss > se || se > 63 || components.Length != 1;
        if ((ah != 0 && al != ah - 1) || al > 13)
        {
            bad = true;
        }

        if (bad)
        {
            throw JpegRejectedException.Corrupt($"invalid progressive parameters Ss={ss} Se={se} Ah={ah} Al={al}");
        }

        foreach (JpegComponent c in components)
        {
            int[] coefBits = _coefBits[c.Index];
            if (ss != 0 && coefBits[0] < 0)
            {
                warnings.Add($"Inconsistent progression sequence for component {c.Index} coefficient 0");
            }

            for (int k = ss; k <= se; k++)
            {
                if (ah != Math.Max(coefBits[k], 0))
                {
                    warnings.Add($"Inconsistent progression sequence for component {c.Index} coefficient {k}");
                }

                coefBits[k] = al;
            }
        }
    }

    private void EndOfSegment(ref BitReader bits, ref int eobRun)
    {
        if (!bits.Overrun && !bits.PaddingIsOnes)
        {
            _badPadding++;
        }

        // The encoder ends every end-of-band run before a restart marker and at the end of the scan (jcphuff.c
        // emit_restart, finish_pass_phuff), where the decoder forgets it.
        if (eobRun > 0)
        {
            _eobRunsBeyondEnd++;
        }

        eobRun = 0;
    }

    private void Report(List<string> warnings)
    {
        if (_badCorrectionCodes > 0)
        {
            warnings.Add($"Corrupt JPEG data: bad Huffman code ({_badCorrectionCodes} correction codes)"); // JWRN_HUFF_BAD_CODE
        }

        if (_runsBeyondBand > 0)
        {
            warnings.Add($"Corrupt JPEG data: AC coefficient run past the end of the spectral band ({_runsBeyondBand} blocks)");
        }

        if (_categoriesBeyondPrecision > 0)
        {
            warnings.Add($"Corrupt JPEG data: coefficient magnitude category beyond 8-bit precision ({_categoriesBeyondPrecision} times)");
        }

        if (_dcOutOfRange > 0)
        {
            warnings.Add($"Corrupt JPEG data: DC coefficient beyond 11 bits ({_dcOutOfRange} blocks)");
        }

        if (_eobRunsBeyondEnd > 0)
        {
            warnings.Add($"Corrupt JPEG data: end-of-band run past the end of its scan or restart interval ({_eobRunsBeyondEnd} times)");
        }

        if (_badPadding > 0)
        {
            warnings.Add($"Corrupt JPEG data: entropy-coded segment not padded with 1-bits ({_badPadding} times)");
        }
    }

    private static int GetBits(int n, ref ulong buffer, ref int count)
    {
        if (n == 0)
        {
            return 0;
        }

        int value = (int)(buffer >> (64 - n));
        buffer <<= n;
        count -= n;
        return value;
    }

    // decode_mcu_DC_first / decode_mcu_DC_refine (a null table: one correction bit).
    private void DcBlock(ref BitReader reader, HuffmanTable? table, ref int predictor, int al)
    {
        ulong buffer = reader.Buffer;
        int count = reader.Count;
        if (count < 32)
        {
            (buffer, count) = reader.Refill(buffer, count);
        }

        if (table is null)
        {
            GetBits(1, ref buffer, ref count);
        }
        else
        {
            int s = BitReader.DecodeSymbol(table, ref buffer, ref count);
            if (s > 11)
            {
                _categoriesBeyondPrecision++;
            }

            predictor = unchecked(predictor + BitReader.ReceiveExtend(s, ref buffer, ref count));
            long value = (long)predictor << al;
            if (value is < -2048 or > 2047)
            {
                _dcOutOfRange++;
            }
        }

        reader.Buffer = buffer;
        reader.Count = count;
    }

    // decode_mcu_AC_first.
    private void AcFirstBlock(ref BitReader reader, HuffmanTable table, ref ulong nonzero, ref int eobRun, int ss, int se)
    {
        if (eobRun > 0)
        {
            eobRun--;
            return;
        }

        ulong buffer = reader.Buffer;
        int count = reader.Count;
        for (int k = ss; k <= se; k++)
        {
            if (count < 32)
            {
                (buffer, count) = reader.Refill(buffer, count);
            }

            int rs = BitReader.DecodeSymbol(table, ref buffer, ref count);
            int r = rs >> 4;
            int s = rs & 15;
            if (s != 0)
            {
                k += r;
                if (s > 10)
                {
                    _categoriesBeyondPrecision++;
                }

                if (k > se)
                {
                    _runsBeyondBand++;
                }

                BitReader.ReceiveExtend(s, ref buffer, ref count);
                nonzero |= 1UL << Math.Min(k, 63);
            }
            else if (r == 15)
            {
                k += 15;
                if (k > se)
                {
                    _runsBeyondBand++;
                }
            }
            else
            {
                eobRun = (1 << r) + GetBits(r, ref buffer, ref count) - 1;
                break;
            }
        }

        reader.Buffer = buffer;
        reader.Count = count;
    }

    // decode_mcu_AC_refine: which bits are read depends only on which coefficients are already nonzero.
    private void AcRefineBlock(ref BitReader reader, HuffmanTable table, ref ulong nonzero, ref int eobRun, int ss, int se)
    {
        ulong buffer = reader.Buffer;
        int count = reader.Count;
        int k = ss;
        if (eobRun == 0)
        {
            for (; k <= se; k++)
            {
                if (count < 32)
                {
                    (buffer, count) = reader.Refill(buffer, count);
                }

                int rs = BitReader.DecodeSymbol(table, ref buffer, ref count);
                int r = rs >> 4;
                int s = rs & 15;
                if (s != 0)
                {
                    if (s != 1)
                    {
                        _badCorrectionCodes++;
                    }

                    GetBits(1, ref buffer, ref count);
                }
                else if (r != 15)
                {
                    eobRun = (1 << r) + GetBits(r, ref buffer, ref count);
                    break;
                }

                do
                {
                    if (count < 32)
                    {
                        (buffer, count) = reader.Refill(buffer, count);
                    }

                    if ((nonzero & (1UL << k)) != 0)
                    {
                        GetBits(1, ref buffer, ref count);
                    }
                    else if (--r < 0)
                    {
                        break;
                    }

                    k++;
                }
                while (k <= se);

                if (s != 0)
                {
                    if (k > se)
                    {
                        _runsBeyondBand++;
                    }

                    nonzero |= 1UL << Math.Min(k, 63);
                }
            }
        }

        if (eobRun > 0)
        {
            for (; k <= se; k++)
            {
                if (count < 32)
                {
                    (buffer, count) = reader.Refill(buffer, count);
                }

                if ((nonzero & (1UL << k)) != 0)
                {
                    GetBits(1, ref buffer, ref count);
                }
            }

            eobRun--;
        }

        reader.Buffer = buffer;
        reader.Count = count;
    }
}
