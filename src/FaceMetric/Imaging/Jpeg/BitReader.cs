using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Reads the entropy-coded bits of one scan, as libjpeg's jpeg_fill_bit_buffer does: an FF 00 pair is a data byte FF,
/// a run of FF fill bytes before a data or marker byte collapses, and any other FF xx is a marker where the data ends.
/// Past a marker (or the end of the file) the reader supplies zero bits, like libjpeg, but counts them: a scan that
/// consumes any of them is truncated or corrupt, which <see cref="Overrun"/> reports.
/// </summary>
/// <remarks>
/// The hot loop keeps the bit buffer in locals (<see cref="Buffer"/> and <see cref="Count"/> are loaded once per block
/// and stored back) and works on them with the static helpers, so the JIT holds them in registers; only
/// <see cref="Refill"/>, about once every 4 bytes, goes through this struct.
/// </remarks>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;   // next byte of _data to load
    private int _padding;    // zero bits appended after the data ended (they sit at the end of the buffer)
    private bool _ended;     // a marker or the end of the file was reached

    public BitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        _position = position;
    }

    /// <summary>Unread bits, the next one in bit 63; the bits below <see cref="Count"/> are zero.</summary>
    public ulong Buffer { get; set; }

    /// <summary>Number of bits in <see cref="Buffer"/>, real and padding.</summary>
    public int Count { get; set; }

    /// <summary>True once more bits were consumed than the data held.</summary>
    public readonly bool Overrun => Count < _padding;

    /// <summary>
    /// Tops up a buffer holding fewer than 32 bits to 57 or more; returns the new buffer and count. 32 bits cover one
    /// Huffman symbol (up to 17 bits) and its extra bits (up to 15).
    /// </summary>
    public (ulong Buffer, int Count) Refill(ulong buffer, int count)
    {
        int p = _position;
        if (!_ended && p <= _data.Length - 8)
        {
            // Fast path: eight bytes ahead with no FF among them (a zero byte of ~v marks an FF byte of v).
            ulong v = BinaryPrimitives.ReadUInt64BigEndian(_data.Slice(p, 8));
            ulong t = ~v;
            if (((t - 0x0101010101010101UL) & ~t & 0x8080808080808080UL) == 0)
            {
                int take = (64 - count) >> 3;
                buffer |= (v >> (64 - (8 * take))) << (64 - count - (8 * take));
                _position = p + take;
                return (buffer, count + (8 * take));
            }
        }

        while (count <= 56)
        {
            if (_ended)
            {
                count += 8;
                _padding += 8;
                continue;
            }

            p = _position;
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

            buffer |= (ulong)value << (56 - count);
            count += 8;
        }

        return (buffer, count);
    }

    /// <summary>Whole bytes of real data loaded into the buffer and not consumed: at a restart or the end of a scan
    /// they are data the scan did not need (libjpeg adds them to its count of extraneous bytes).</summary>
    public readonly int UnusedBytes => Math.Max(0, Count - _padding) / 8;

    /// <summary>
    /// True when the real bits left in the buffer after the last whole byte (the tail of the byte the scan ended in) are
    /// all 1s, as T.81 F.1.2.3 pads the data before a marker; damage that keeps the Huffman stream decodable often
    /// ends a scan or restart interval inside a byte and leaves other bits there.
    /// </summary>
    public readonly bool PaddingIsOnes
    {
        get
        {
            int tail = Math.Max(0, Count - _padding) % 8;
            return tail == 0 || Buffer >> (64 - tail) == (1UL << tail) - 1;
        }
    }

    /// <summary>
    /// Drops the bits left in the buffer, as libjpeg does at a restart or at the end of a scan; returns the position
    /// of the first byte not loaded, at or before the marker that ends the data.
    /// </summary>
    public int DiscardBuffer()
    {
        Buffer = 0;
        Count = 0;
        _padding = 0;
        _ended = false;
        return _position;
    }

    /// <summary>
    /// Decodes one Huffman symbol from a buffer holding 17 bits or more (a code that matches nothing takes 17 bits and
    /// reads as symbol 0, see <see cref="HuffmanTable.DecodeLong"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DecodeSymbol(HuffmanTable table, ref ulong buffer, ref int count)
    {
        int entry = table.Lookahead((int)(buffer >> (64 - HuffmanTable.LookaheadBits)));
        if (entry == 0)
        {
            entry = table.DecodeLong(buffer);
        }

        int length = entry >> 8;
        buffer <<= length;
        count -= length;
        return entry & 0xFF;
    }

    /// <summary>Reads <paramref name="bits"/> (0..15) bits as a JPEG magnitude-coded value (receive + extend, F.12).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReceiveExtend(int bits, ref ulong buffer, ref int count)
    {
        if (bits == 0)
        {
            return 0;
        }

        int value = (int)(buffer >> (64 - bits));
        buffer <<= bits;
        count -= bits;
        return value < 1 << (bits - 1) ? value + (-1 << bits) + 1 : value;
    }
}
