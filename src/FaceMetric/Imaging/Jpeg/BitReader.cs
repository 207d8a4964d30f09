using System.Runtime.CompilerServices;

namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Reads the entropy-coded bits of one scan, as libjpeg's jpeg_fill_bit_buffer does: an FF 00 pair is a data byte FF,
/// a run of FF fill bytes before a data or marker byte collapses, and any other FF xx is a marker where the data ends.
/// Past a marker (or the end of the file) the reader supplies zero bits, like libjpeg, but counts them: a scan that
/// consumes any of them is truncated or corrupt, which <see cref="Overrun"/> reports.
/// </summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;   // next byte of _data to load
    private ulong _buffer;   // unread bits, the next one in bit 63
    private int _count;      // bits in _buffer, real and padding
    private int _padding;    // zero bits appended after the data ended (they sit at the end of _buffer)
    private bool _ended;     // a marker or the end of the file was reached

    public BitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        _position = position;
    }

    /// <summary>Position of the first byte not loaded into the bit buffer (at or before the marker ending the data).</summary>
    public readonly int Position => _position;

    /// <summary>True once more bits were consumed than the data held.</summary>
    public readonly bool Overrun => _count < _padding;

    /// <summary>Makes at least 57 bits available.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnsureBits()
    {
        if (_count < 32)
        {
            Fill();
        }
    }

    /// <summary>Decodes one Huffman symbol. Requires <see cref="EnsureBits"/> to have left 16 or more bits.</summary>
    /// <exception cref="JpegRejectedException">No code of 16 bits or fewer matches (libjpeg: JWRN_HUFF_BAD_CODE).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeSymbol(HuffmanTable table)
    {
        int entry = table.Lookahead((int)(_buffer >> (64 - HuffmanTable.LookaheadBits)));
        if (entry != 0)
        {
            int length = entry >> 8;
            _buffer <<= length;
            _count -= length;
            return entry & 0xFF;
        }

        return DecodeLongSymbol(table);
    }

    /// <summary>Reads <paramref name="bits"/> (0..16) bits as a JPEG magnitude-coded value (receive + extend, F.12).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtend(int bits)
    {
        if (bits == 0)
        {
            return 0;
        }

        int value = (int)(_buffer >> (64 - bits));
        _buffer <<= bits;
        _count -= bits;
        return value < 1 << (bits - 1) ? value + (-1 << bits) + 1 : value;
    }

    /// <summary>
    /// Drops the bits left in the buffer and moves to the next marker, as libjpeg does at a restart or at the end of a
    /// scan; returns the position of the marker's FF (or the end of the data).
    /// </summary>
    public int DiscardBuffer()
    {
        _buffer = 0;
        _count = 0;
        _padding = 0;
        _ended = false;
        return _position;
    }

    private int DecodeLongSymbol(HuffmanTable table)
    {
        int length = HuffmanTable.LookaheadBits + 1;
        int code = (int)(_buffer >> (64 - length));
        while (code > table.MaxCode(length))
        {
            length++;
            if (length > 16)
            {
                throw JpegRejectedException.Corrupt("bad Huffman code");
            }

            code = (int)(_buffer >> (64 - length));
        }

        _buffer <<= length;
        _count -= length;
        return table.Symbol(code, length);
    }

    private void Fill()
    {
        while (_count <= 56)
        {
            if (_ended)
            {
                _count += 8;
                _padding += 8;
                continue;
            }

            int p = _position;
            if (p >= _data.Length)
            {
                _ended = true;
                continue;
            }

            uint value = _data[p];
            if (value == 0xFF)
            {
                // Fill bytes: any number of FF before the byte that says what this FF is.
                int q = p + 1;
                while (q < _data.Length && _data[q] == 0xFF)
                {
                    q++;
                }

                if (q >= _data.Length || _data[q] != 0)
                {
                    _ended = true; // a marker: leave _position on its first FF for the marker reader
                    continue;
                }

                _position = q + 1; // FF (FF...) 00 is one data byte FF
            }
            else
            {
                _position = p + 1;
            }

            _buffer |= (ulong)value << (56 - _count);
            _count += 8;
        }
    }
}
