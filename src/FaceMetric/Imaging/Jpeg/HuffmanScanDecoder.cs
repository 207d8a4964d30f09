namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Decodes one sequential Huffman scan (jdhuff.c decode_mcu + jdcoefct.c): MCU by MCU, restart markers every
/// restart interval, each block dequantised and inverse-transformed straight into its component's plane. Blocks
/// outside a component's real area (the padding of partial MCUs at the right and bottom) are decoded and dropped,
/// as libjpeg drops them.
/// </summary>
internal sealed class HuffmanScanDecoder
{
    private readonly int[] _block = new int[64];
    private readonly int[] _workspace = new int[64];

    /// <summary>
    /// Decodes the scan whose entropy-coded data starts at <paramref name="position"/>; returns the position where the
    /// data ends (the FF of the marker that follows it, or the end of the file).
    /// </summary>
    /// <exception cref="JpegRejectedException">The data is truncated, a code is invalid, or a restart marker is missing
    /// or out of sequence.</exception>
    public int Decode(ReadOnlySpan<byte> file, int position, JpegFrame frame, ScanComponent[] scan, int restartInterval)
    {
        var bits = new BitReader(file, position);
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
                        position = bits.DiscardBuffer();
                        position = ExpectRestart(file, position, nextRestart);
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

        return bits.DiscardBuffer();
    }

    // libjpeg's read_restart_marker/next_marker: skip anything up to the next marker (libjpeg warns about the extra
    // bytes and goes on), then the marker must be RSTn with n the expected number.
    private static int ExpectRestart(ReadOnlySpan<byte> file, int position, int expected)
    {
        var reader = new JpegMarkerReader(file, position);
        byte marker = reader.NextMarker();
        if (marker != JpegMarker.Rst0 + expected)
        {
            throw JpegRejectedException.Corrupt("restart marker missing or out of sequence");
        }

        return reader.Position;
    }

    private void DecodeBlock(ref BitReader bits, ScanComponent sc, ref int predictor, int blockX, int blockY)
    {
        int[] quant = sc.Component.Quant;
        Span<int> block = _block;
        block.Clear();
        ReadOnlySpan<byte> natural = ZigZag.NaturalOrder;

        bits.EnsureBits();
        int s = bits.DecodeSymbol(sc.DcTable);
        int diff = bits.ReceiveExtend(s);

        // libjpeg keeps the predictor as an int (wrapping) and stores the coefficient as a 16-bit JCOEF.
        predictor = unchecked(predictor + diff);
        block[0] = (short)predictor * quant[0];
        bool acSeen = false;
        HuffmanTable ac = sc.AcTable;
        for (int k = 1; k < 64; k++)
        {
            bits.EnsureBits();
            int rs = bits.DecodeSymbol(ac);
            int r = rs >> 4;
            s = rs & 15;
            if (s != 0)
            {
                k += r;
                int n = natural[k];
                block[n] = bits.ReceiveExtend(s) * quant[n];
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
