using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Decodes one sequential Huffman scan (jdhuff.c decode_mcu + jdcoefct.c): MCU by MCU, restart markers every
/// restart interval, each block dequantised and inverse-transformed straight into its component's plane. Blocks
/// outside a component's real area (the padding of partial MCUs at the right and bottom) are decoded and dropped,
/// as libjpeg drops them.
/// </summary>
/// <remarks>
/// Beyond libjpeg's own warnings, the decoder checks that each restart interval and each scan consumed its data
/// exactly, which damage that keeps the Huffman stream decodable usually breaks: no whole bytes left over before the
/// marker, the bits after the last code all 1s (T.81 F.1.2.3), no AC run past the 63rd coefficient, no magnitude
/// category beyond what 8-bit samples allow (DC differences up to 11, AC coefficients up to 10: T.81 tables F.1 and
/// F.2, and libjpeg's encoder refuses anything larger), and no DC coefficient beyond 11 bits (±2047). Each is reported
/// as a warning in libjpeg's words; the picture is decoded as libjpeg decodes it. Data that ends early (a marker or the
/// end of the file inside an MCU) is refused.
/// </remarks>
internal sealed class HuffmanScanDecoder
{
    private readonly int[] _block = new int[64];
    private readonly int[] _workspace = new int[64];

    // Damage counted over one scan (see the remarks), reset by Decode.
    private int _runsBeyondBlock;
    private int _categoriesBeyondPrecision;
    private int _dcOutOfRange;
    private int _badPadding;

    /// <summary>
    /// Decodes the scan whose entropy-coded data starts at <paramref name="position"/>; returns the position where the
    /// data ends (at or before the FF of the marker that follows it, or the end of the file).
    /// </summary>
    /// <exception cref="JpegRejectedException">The data is truncated, or a restart marker is missing
    /// or out of sequence.</exception>
    public int Decode(ReadOnlySpan<byte> file, int position, JpegFrame frame, ScanComponent[] scan, int restartInterval, List<string> warnings)
    {
        var bits = new BitReader(file, position);
        _runsBeyondBlock = _categoriesBeyondPrecision = _dcOutOfRange = _badPadding = 0;
        Span<int> predictors = stackalloc int[scan.Length];
        int mcusPerRow, mcuRows;
        if (scan.Length == 1)
        {
            // Non-interleaved: one block per MCU over the component's real blocks only.
            mcusPerRow = scan[0].Component.WidthInBlocks;
            mcuRows = scan[0].Component.HeightInBlocks;
        }
        else
        {
            mcusPerRow = frame.McusPerRow;
            mcuRows = frame.McuRows;
        }

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
                        // Data that ran out before the restart marker: libjpeg warns and fills zeros; refused here, as at
                        // the end of a scan (the restart below would otherwise forget the overrun).
                        if (bits.Overrun)
                        {
                            throw JpegRejectedException.Corrupt("entropy-coded data truncated before a restart marker");
                        }

                        int unused = bits.UnusedBytes;
                        CheckPadding(ref bits);
                        position = ExpectRestart(file, bits.DiscardBuffer(), nextRestart, warnings, unused);
                        nextRestart = (nextRestart + 1) & 7;
                        bits = new BitReader(file, position);
                        predictors.Clear();
                        restartsToGo = restartInterval;
                    }

                    restartsToGo--;
                }

                if (scan.Length == 1)
                {
                    DecodeBlock(ref bits, scan[0], ref predictors[0], mcuX, mcuY);
                }
                else
                {
                    for (int s = 0; s < scan.Length; s++)
                    {
                        ScanComponent sc = scan[s];
                        int h = sc.Component.HorizontalSampling;
                        int v = sc.Component.VerticalSampling;
                        for (int by = 0; by < v; by++)
                        {
                            for (int bx = 0; bx < h; bx++)
                            {
                                DecodeBlock(ref bits, sc, ref predictors[s], (mcuX * h) + bx, (mcuY * v) + by);
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

        CheckPadding(ref bits);
        ReportDamage(warnings);
        return bits.DiscardBuffer();
    }

    private void CheckPadding(ref BitReader bits)
    {
        if (!bits.Overrun && !bits.PaddingIsOnes)
        {
            _badPadding++;
        }
    }

    private void ReportDamage(List<string> warnings)
    {
        if (_runsBeyondBlock > 0)
        {
            warnings.Add($"Corrupt JPEG data: AC coefficient run past the end of the block ({_runsBeyondBlock} blocks)");
        }

        if (_categoriesBeyondPrecision > 0)
        {
            warnings.Add($"Corrupt JPEG data: coefficient magnitude category beyond 8-bit precision ({_categoriesBeyondPrecision} times)");
        }

        if (_dcOutOfRange > 0)
        {
            warnings.Add($"Corrupt JPEG data: DC coefficient beyond 11 bits ({_dcOutOfRange} blocks)");
        }

        if (_badPadding > 0)
        {
            warnings.Add($"Corrupt JPEG data: entropy-coded segment not padded with 1-bits ({_badPadding} times)");
        }
    }

    /// <summary>
    /// libjpeg's read_restart_marker/next_marker: skips anything up to the next marker (libjpeg warns about the extra
    /// bytes and goes on), then the marker must be RSTn with n the expected number; returns the position after it.
    /// </summary>
    internal static int ExpectRestart(ReadOnlySpan<byte> file, int position, int expected, List<string> warnings, int unused)
    {
        var reader = new JpegMarkerReader(file, position);
        byte marker = reader.NextMarker();
        if (reader.Discarded + unused > 0)
        {
            warnings.Add($"Corrupt JPEG data: {reader.Discarded + unused} extraneous bytes before marker 0x{marker:x2}");
        }

        if (marker != JpegMarker.Rst0 + expected)
        {
            throw JpegRejectedException.Corrupt("restart marker missing or out of sequence");
        }

        return reader.Position;
    }

    private void DecodeBlock(ref BitReader reader, ScanComponent sc, ref int predictor, int blockX, int blockY)
    {
        // The bit buffer lives in locals for the whole block (see BitReader).
        ulong buffer = reader.Buffer;
        int count = reader.Count;
        ReadOnlySpan<int> quant = sc.Component.Quant.AsSpan(0, 64);
        Span<int> block = _block.AsSpan(0, 64);
        block.Clear();
        ref byte natural = ref MemoryMarshal.GetReference(ZigZag.NaturalOrder);

        if (count < 32)
        {
            (buffer, count) = reader.Refill(buffer, count);
        }

        int s = BitReader.DecodeSymbol(sc.DcTable, ref buffer, ref count);
        if (s > 11)
        {
            _categoriesBeyondPrecision++;
        }

        int diff = BitReader.ReceiveExtend(s, ref buffer, ref count);

        // libjpeg keeps the predictor as an int (wrapping) and stores the coefficient as a 16-bit JCOEF.
        predictor = unchecked(predictor + diff);
        if ((uint)(predictor + 2047) > 4094)
        {
            _dcOutOfRange++;
        }

        block[0] = (short)predictor * quant[0];
        bool acSeen = false;
        HuffmanTable ac = sc.AcTable;
        int k = 1;
        for (; k < 64; k++)
        {
            if (count < 32)
            {
                (buffer, count) = reader.Refill(buffer, count);
            }

            int fast = ac.FastAc((int)(buffer >> (64 - HuffmanTable.LookaheadBits)));
            if (fast != 0)
            {
                int used = fast & 0xFF;
                buffer <<= used;
                count -= used;
                k += (fast >> 8) & 0xFF;
                int m = Unsafe.Add(ref natural, k);
                block[m] = (fast >> 16) * quant[m];
                acSeen = true;
                continue;
            }

            int rs = BitReader.DecodeSymbol(ac, ref buffer, ref count);
            int r = rs >> 4;
            s = rs & 15;
            if (s != 0)
            {
                if (s > 10)
                {
                    _categoriesBeyondPrecision++;
                }

                // k + r <= 78: the natural-order table has 80 entries, all below 64.
                k += r;
                int n = Unsafe.Add(ref natural, k);
                block[n] = BitReader.ReceiveExtend(s, ref buffer, ref count) * quant[n];
                acSeen = true;
            }
            else
            {
                if (r != 15)
                {
                    break;
                }

                k += 15;
            }
        }

        // The loop ends with k = 64 after a coefficient at 63, beyond that only when a run went past the block.
        if (k > 64)
        {
            _runsBeyondBlock++;
        }

        reader.Buffer = buffer;
        reader.Count = count;

        JpegComponent component = sc.Component;
        if (blockX >= component.WidthInBlocks || blockY >= component.HeightInBlocks)
        {
            return;
        }

        Span<byte> output = component.Plane.AsSpan((blockY * 8 * component.Stride) + (blockX * 8));
        if (acSeen)
        {
            IslowIdct.Transform(block, _workspace, output, component.Stride);
        }
        else
        {
            IslowIdct.TransformDcOnly(block[0], output, component.Stride);
        }
    }
}
