namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// One Huffman table as defined by a DHT segment (code counts per length and the symbols), with the derived decoding
/// tables of libjpeg's jpeg_make_d_derived_tbl: a 9-bit look-ahead table for short codes and, per code length, the
/// largest code and the offset from a code to its symbol for the rest.
/// </summary>
internal sealed class HuffmanTable
{
    /// <summary>Bits of look-ahead resolved by one table lookup (libjpeg uses 8; 9 catches more AC codes).</summary>
    public const int LookaheadBits = 9;

    private readonly byte[] _counts = new byte[17];     // _counts[l]: number of codes of length l (1..16)
    private readonly byte[] _symbols = new byte[256];
    private readonly int[] _maxCode = new int[18];      // largest code of length l, -1 if none; [17] is a sentinel
    private readonly int[] _valueOffset = new int[18];  // symbol index = code + _valueOffset[l]
    private readonly ushort[] _lookahead = new ushort[1 << LookaheadBits]; // (length << 8) | symbol; 0: longer code
    private readonly int[] _fastAc = new int[1 << LookaheadBits];          // see FastAc

    private HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        counts.CopyTo(_counts.AsSpan(1));
        symbols.CopyTo(_symbols);
        SymbolCount = symbols.Length;
    }

    /// <summary>Number of symbols (codes) in the table, at most 256.</summary>
    public int SymbolCount { get; }

    /// <summary>
    /// Reads one table from a DHT segment body at <paramref name="offset"/> (after the class/index byte): 16 counts,
    /// then the symbols. Advances <paramref name="offset"/>.
    /// </summary>
    /// <exception cref="JpegRejectedException">More than 256 symbols, or the segment is too short.</exception>
    public static HuffmanTable Read(ReadOnlySpan<byte> segment, ref int offset)
    {
        if (segment.Length - offset < 16)
        {
            throw JpegRejectedException.Corrupt("DHT segment too short");
        }

        ReadOnlySpan<byte> counts = segment.Slice(offset, 16);
        int total = 0;
        foreach (byte c in counts)
        {
            total += c;
        }

        offset += 16;
        if (total > 256 || total > segment.Length - offset)
        {
            throw JpegRejectedException.Corrupt("bad Huffman table");
        }

        var table = new HuffmanTable(counts, segment.Slice(offset, total));
        offset += total;
        return table;
    }

    /// <summary>Builds a table from code counts for lengths 1..16 and the symbols (the standard tables of Annex K).</summary>
    public static HuffmanTable Create(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols) => new(counts, symbols);

    /// <summary>
    /// Derives the decoding tables, with libjpeg's checks: codes must fit their lengths (the all-ones code of a length
    /// may not be used) and a DC table may only hold symbols 0..15.
    /// </summary>
    /// <exception cref="JpegRejectedException">The table is not a valid Huffman code.</exception>
    public void Derive(bool isDc)
    {
        Span<int> sizes = stackalloc int[257];
        Span<int> codes = stackalloc int[256];
        int p = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < _counts[length]; i++)
            {
                sizes[p++] = length;
            }
        }

        sizes[p] = 0;
        int code = 0;
        int si = sizes[0];
        p = 0;
        while (sizes[p] != 0)
        {
            while (sizes[p] == si)
            {
                codes[p++] = code++;
            }

            if (code >= 1 << si)
            {
                throw JpegRejectedException.Corrupt("bad Huffman table");
            }

            code <<= 1;
            si++;
        }

        p = 0;
        for (int length = 1; length <= 16; length++)
        {
            if (_counts[length] != 0)
            {
                _valueOffset[length] = p - codes[p];
                p += _counts[length];
                _maxCode[length] = codes[p - 1];
            }
            else
            {
                _maxCode[length] = -1;
            }
        }

        _maxCode[17] = int.MaxValue;
        Array.Clear(_lookahead);
        p = 0;
        for (int length = 1; length <= LookaheadBits; length++)
        {
            for (int i = 0; i < _counts[length]; i++, p++)
            {
                int shift = LookaheadBits - length;
                int first = codes[p] << shift;
                var entry = (ushort)((length << 8) | _symbols[p]);
                _lookahead.AsSpan(first, 1 << shift).Fill(entry);
            }
        }

        Array.Clear(_fastAc);
        if (!isDc)
        {
            DeriveFastAc();
        }

        if (isDc)
        {
            for (int i = 0; i < SymbolCount; i++)
            {
                if (_symbols[i] > 15)
                {
                    throw JpegRejectedException.Corrupt("bad DC Huffman table");
                }
            }
        }
    }

    // For every 9-bit look-ahead holding a whole AC code (run r, size s != 0) and its s extra bits, the decoded
    // coefficient: (value << 16) | (r << 8) | (code length + s). The same bits and value as decoding the symbol and then
    // receiving and extending its extra bits; it only saves the second step.
    private void DeriveFastAc()
    {
        for (int look = 0; look < _fastAc.Length; look++)
        {
            int entry = _lookahead[look];
            int length = entry >> 8;
            int run = (entry >> 4) & 15;
            int size = entry & 15;
            if (length == 0 || size == 0 || length + size > LookaheadBits)
            {
                continue;
            }

            int extra = (look >> (LookaheadBits - length - size)) & ((1 << size) - 1);
            int value = extra < 1 << (size - 1) ? extra + (-1 << size) + 1 : extra;
            _fastAc[look] = (value << 16) | (run << 8) | (length + size);
        }
    }

    /// <summary>How many times <see cref="DecodeLong"/> met a code that matches nothing (damaged data: libjpeg's
    /// JWRN_HUFF_BAD_CODE). A table belongs to one decoder, so a plain counter.</summary>
    public int BadCodes { get; private set; }

    /// <summary>
    /// The AC coefficient coded in the next <see cref="LookaheadBits"/> bits when they hold a whole code and its extra
    /// bits: (value &lt;&lt; 16) | (run &lt;&lt; 8) | bits used; 0 otherwise (then decode the symbol).
    /// </summary>
    public int FastAc(int bits) => _fastAc[bits];

    /// <summary>Look-ahead entry for the next <see cref="LookaheadBits"/> bits: (length &lt;&lt; 8) | symbol, or 0.</summary>
    public int Lookahead(int bits) => _lookahead[bits];

    /// <summary>
    /// Decodes a code longer than <see cref="LookaheadBits"/> from the top 17 bits of <paramref name="buffer"/>
    /// (libjpeg's jpeg_huff_decode); returns (length &lt;&lt; 8) | symbol. When no code of 16 bits or fewer matches,
    /// libjpeg consumes 17 bits and decodes symbol 0 (a DC difference of 0, or an end of block); so does this, and counts it
    /// in <see cref="BadCodes"/> so the damage is reported.
    /// </summary>
    public int DecodeLong(ulong buffer)
    {
        int length = LookaheadBits + 1;
        int code = (int)(buffer >> (64 - length));
        while (code > _maxCode[length])
        {
            if (++length > 16)
            {
                BadCodes++;
                return 17 << 8;
            }

            code = (int)(buffer >> (64 - length));
        }

        return (length << 8) | _symbols[(code + _valueOffset[length]) & 0xFF];
    }
}
