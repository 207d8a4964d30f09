namespace FaceMetric.IO;

/// <summary>
/// Reads dlib's binary serialisation (dlib/serialize.h): integers as a control byte (bit 7: negative, low 4 bits:
/// byte count) followed by little-endian magnitude bytes; floats as <c>float_details</c> (int64 mantissa, int16
/// exponent, value = ldexp(mantissa, exponent)); matrices as -rows, -cols then the elements; vectors as a count then the
/// elements; strings as a length then the bytes; bools as the character '1' or '0'; dlib's DNN tensors as raw
/// little-endian float32 after their dimensions.
/// </summary>
/// <param name="data">The whole file.</param>
/// <param name="source">The file's path, for error messages.</param>
/// <param name="kind">What the file should be ("dlib shape predictor", "dlib MMOD network"), for error messages.</param>
internal sealed class DlibSerializationReader(byte[] data, string source, string kind = "dlib shape predictor")
{
    private int _position;

    public bool AtEnd => _position >= data.Length;

    /// <summary>The read position, in bytes from the start; set it to go back to a position read before.</summary>
    public int Position
    {
        get => _position;
        set => _position = value >= 0 && value <= data.Length ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public long ReadInt()
    {
        int at = _position;
        if (at < data.Length - 8)
        {
            // The common case, with room for the longest integer: one bounds check instead of one per byte.
            byte head = data[at];
            int length = head & 0x0F;
            if (length != 0 && length <= 8 && (head & 0x70) == 0)
            {
                ulong raw = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at + 1, 8));
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
        if (n < 0 || n > maxLength || n > data.Length - _position)
        {
            throw Corrupt($"string length {n} is out of range");
        }

        string s = System.Text.Encoding.Latin1.GetString(data, _position, (int)n);
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
        if (count < 0 || count > (data.Length - _position) / 4)
        {
            throw Corrupt($"{count} tensor values do not fit in the rest of the file");
        }

        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(_position + (4 * i), 4));
        }

        _position += 4 * values.Length;
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
        _position < data.Length ? data[_position++] : throw Corrupt("the file ends early");

    /// <summary>A <see cref="FaceModelException"/> naming the file, the expected kind, the problem and the position.</summary>
    public FaceModelException Corrupt(string what) =>
        new(source, $"not a {kind} file ({what} at byte {_position}).");
}
