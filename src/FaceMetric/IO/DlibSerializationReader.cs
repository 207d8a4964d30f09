namespace FaceMetric.IO;

/// <summary>
/// Reads dlib's binary serialisation (dlib/serialize.h): integers as a control byte (bit 7: negative, low 4 bits:
/// byte count) followed by little-endian magnitude bytes; floats as <c>float_details</c> (int64 mantissa, int16
/// exponent, value = ldexp(mantissa, exponent)); matrices as -rows, -cols then the elements; vectors as a count then the
/// elements; strings as a length then the bytes; bools as the character '1' or '0'; dlib's DNN tensors as raw
/// little-endian float32 after their dimensions.
/// </summary>
/// <remarks>
/// Reads either a whole file already in memory (which may be read again from an earlier <see cref="Position"/>) or a
/// stream, through a small buffer, front to back: a 100 MB shape predictor is parsed without a 100 MB copy of it.
/// </remarks>
internal sealed class DlibSerializationReader
{
    private const int StreamBufferBytes = 1 << 16;

    private readonly string _source;
    private readonly string _kind;
    private readonly Stream? _stream;
    private byte[] _data;
    private int _length;
    private int _position;
    private long _consumed;

    /// <summary>Reads a whole file held in memory.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="source">The file's path, for error messages.</param>
    /// <param name="kind">What the file should be ("dlib shape predictor", "dlib MMOD network"), for error messages.</param>
    public DlibSerializationReader(byte[] data, string source, string kind = "dlib shape predictor")
    {
        _data = data;
        _length = data.Length;
        _source = source;
        _kind = kind;
    }

    /// <summary>Reads a stream front to back through a small buffer (<see cref="Position"/> cannot be set).</summary>
    /// <param name="stream">The file, from its current position; not disposed.</param>
    /// <param name="source">The file's path, for error messages.</param>
    /// <param name="kind">What the file should be, for error messages.</param>
    public DlibSerializationReader(Stream stream, string source, string kind = "dlib shape predictor")
    {
        _stream = stream;
        _data = new byte[StreamBufferBytes];
        _source = source;
        _kind = kind;
    }

    public bool AtEnd => _position >= _length && !Fill(1);

    /// <summary>The read position, in bytes from the start; set it to go back to a position read before (in-memory files only).</summary>
    public int Position
    {
        get => checked((int)(_consumed + _position));
        set
        {
            if (_stream is not null)
            {
                throw new NotSupportedException("A reader over a stream cannot go back.");
            }

            _position = value >= 0 && value <= _length ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }
    }

    public long ReadInt()
    {
        if (_length - _position < 9 && _stream is not null)
        {
            Fill(9);
        }

        int at = _position;
        if (at < _length - 8)
        {
            // The common case, with room for the longest integer: one bounds check instead of one per byte.
            byte head = _data[at];
            int length = head & 0x0F;
            if (length != 0 && length <= 8 && (head & 0x70) == 0)
            {
                ulong raw = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(at + 1, 8));
                ulong fast = length == 8 ? raw : raw & ((1UL << (8 * length)) - 1);
                _position = at + 1 + length;
                return (head & 0x80) != 0 ? -(long)fast : (long)fast;
            }
        }

        byte control = Next();
        bool negative = (control & 0x80) != 0;
        int size = control & 0x0F;
        if (size == 0 || size > 8 || (control & 0x70) != 0)
        {
            throw Corrupt($"bad integer control byte 0x{control:X2}");
        }

        ulong value = 0;
        for (int i = 0; i < size; i++)
        {
            value |= (ulong)Next() << (8 * i);
        }

        return negative ? -(long)value : (long)value;
    }

    public float ReadFloat() => (float)ReadDouble();

    /// <summary>A <c>float</c>, <c>double</c> or <c>long double</c> as dlib's <c>float_details</c>: ldexp(mantissa, exponent).</summary>
    public double ReadDouble()
    {
        long mantissa = ReadInt();
        long exponent = ReadInt();
        return exponent switch
        {
            < 32000 => Math.ScaleB(mantissa, (int)exponent),
            32000 => double.PositiveInfinity,
            32001 => double.NegativeInfinity,
            _ => double.NaN,
        };
    }

    /// <summary>A <c>std::string</c>: its length as an integer, then its bytes (read as Latin-1).</summary>
    public string ReadString(int maxLength)
    {
        long n = ReadInt();
        if (n < 0 || n > maxLength || !Fill((int)n))
        {
            throw Corrupt($"string length {n} is out of range");
        }

        string s = System.Text.Encoding.Latin1.GetString(_data, _position, (int)n);
        _position += (int)n;
        return s;
    }

    /// <summary>A <c>bool</c>: the character '1' or '0'.</summary>
    public bool ReadBool() => Next() switch
    {
        (byte)'1' => true,
        (byte)'0' => false,
        byte b => throw Corrupt($"bad bool byte 0x{b:X2}"),
    };

    /// <summary>One raw byte (dlib's <c>uint8_t</c> / <c>unsigned char</c>).</summary>
    public byte ReadByte() => Next();

    /// <summary><paramref name="count"/> raw little-endian float32 values (dlib's DNN tensor payload).</summary>
    public float[] ReadRawFloats(long count)
    {
        long left = _length - _position + (_stream is null ? 0 : _stream.Length - _stream.Position);
        if (count < 0 || count > left / 4)
        {
            throw Corrupt($"{count} tensor values do not fit in the rest of the file");
        }

        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            if (!Fill(4))
            {
                throw Corrupt("the file ends early");
            }

            values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(_data.AsSpan(_position, 4));
            _position += 4;
        }

        return values;
    }

    /// <summary>A column vector (dlib <c>matrix&lt;float,0,1&gt;</c>).</summary>
    public float[] ReadColumn()
    {
        var values = new float[ReadColumnLength()];
        ReadFloats(values);
        return values;
    }

    /// <summary>A column vector (dlib <c>matrix&lt;float,0,1&gt;</c>) of exactly <paramref name="destination"/>'s length, read into it.</summary>
    public void ReadColumn(Span<float> destination)
    {
        long rows = ReadColumnLength();
        if (rows != destination.Length)
        {
            throw Corrupt($"expected a column of {destination.Length} values, found {rows}");
        }

        ReadFloats(destination);
    }

    private long ReadColumnLength()
    {
        long rows = ReadInt(), cols = ReadInt();
        rows = Math.Abs(rows);
        cols = Math.Abs(cols);
        if (cols != 1 || rows > 1_000_000)
        {
            throw Corrupt($"expected a column vector, found {rows}x{cols}");
        }

        return rows;
    }

    private void ReadFloats(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadFloat();
        }
    }

    public int ReadCount(int max)
    {
        long n = ReadInt();
        if (n < 0 || n > max)
        {
            throw Corrupt($"count {n} is out of range (0..{max})");
        }

        return (int)n;
    }

    private byte Next() =>
        _position < _length || Fill(1) ? _data[_position++] : throw Corrupt("the file ends early");

    /// <summary>
    /// Whether <paramref name="count"/> bytes are there to read at the current position: for a stream, the unread bytes
    /// are moved to the front of the buffer (grown if need be) and the rest filled from the stream.
    /// </summary>
    private bool Fill(int count)
    {
        if (_length - _position >= count)
        {
            return true;
        }

        if (_stream is null)
        {
            return false;
        }

        int unread = _length - _position;
        if (count > _data.Length)
        {
            var grown = new byte[Math.Max(count, 2 * _data.Length)];
            Array.Copy(_data, _position, grown, 0, unread);
            _data = grown;
        }
        else
        {
            Array.Copy(_data, _position, _data, 0, unread);
        }

        _consumed += _position;
        _position = 0;
        _length = unread;
        while (_length < _data.Length)
        {
            int read = _stream.Read(_data, _length, _data.Length - _length);
            if (read == 0)
            {
                break;
            }

            _length += read;
        }

        return _length >= count;
    }

    /// <summary>A <see cref="FaceModelException"/> naming the file, the expected kind, the problem and the position.</summary>
    public FaceModelException Corrupt(string what) =>
        new(_source, $"not a {_kind} file ({what} at byte {_consumed + _position}).");
}
