namespace FaceMetric.Landmarks;

/// <summary>
/// Reads dlib's binary serialisation (dlib/serialize.h): integers as a control byte (bit 7: negative, low 4 bits:
/// byte count) followed by little-endian magnitude bytes; floats as <c>float_details</c> (int64 mantissa, int16
/// exponent, value = ldexp(mantissa, exponent)); matrices as -rows, -cols then the elements; vectors as a count then the
/// elements.
/// </summary>
internal sealed class DlibSerializationReader(byte[] data, string source)
{
    private int _position;

    public bool AtEnd => _position >= data.Length;

    public long ReadInt()
    {
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

    public float ReadFloat()
    {
        long mantissa = ReadInt();
        long exponent = ReadInt();
        return exponent switch
        {
            < 32000 => (float)Math.ScaleB(mantissa, (int)exponent),
            32000 => float.PositiveInfinity,
            32001 => float.NegativeInfinity,
            _ => float.NaN,
        };
    }

    /// <summary>A column vector (dlib <c>matrix&lt;float,0,1&gt;</c>).</summary>
    public float[] ReadColumn()
    {
        long rows = ReadInt(), cols = ReadInt();
        rows = Math.Abs(rows);
        cols = Math.Abs(cols);
        if (cols != 1 || rows > 1_000_000)
        {
            throw Corrupt($"expected a column vector, found {rows}x{cols}");
        }

        var values = new float[rows];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ReadFloat();
        }

        return values;
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

    private FaceModelException Corrupt(string what) =>
        new(source, $"not a dlib shape predictor file ({what} at byte {_position}).");
}
