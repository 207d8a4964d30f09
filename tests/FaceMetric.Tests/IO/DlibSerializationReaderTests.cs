using FaceMetric.IO;

namespace FaceMetric.Tests.IO;

/// <summary>dlib's integer and float encoding (serialize.h): a control byte (size in the low nibble, 0x80 for negative),
/// then the magnitude's bytes, little-endian; a float is ldexp(mantissa, exponent), two such integers. Values are read
/// both far from the end of the data (the fast path) and in the last eight bytes (byte by byte), from memory and from
/// a stream whose reads return a few bytes at a time (so that values straddle the reader's buffer refills).</summary>
public class DlibSerializationReaderTests
{
    private static readonly long[] Values = [0, 1, -1, 127, 255, 256, -65_535, 1L << 31, -(1L << 40), long.MaxValue, -long.MaxValue, 0x0102_0304_0506_0708];

    [Fact]
    public void IntegersReadTheSameFarFromAndNearTheEnd()
    {
        foreach (long value in Values)
        {
            byte[] encoded = Encode(value);
            byte[] padded = [.. encoded, .. new byte[16]];
            var far = new DlibSerializationReader(padded, "test");
            var near = new DlibSerializationReader(encoded, "test");
            Assert.Equal(value, far.ReadInt());
            Assert.Equal(encoded.Length, far.Position);
            Assert.Equal(value, near.ReadInt());
            Assert.True(near.AtEnd);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARunOfIntegersAndFloatsReadsBack(bool fromStream)
    {
        var data = new List<byte>();
        foreach (long value in Values)
        {
            data.AddRange(Encode(value));
        }

        // 0.15625 = 5 * 2^-5 and -3 = -3 * 2^0, as dlib writes floats.
        data.AddRange([.. Encode(5), .. Encode(-5), .. Encode(-3), .. Encode(0)]);
        var reader = fromStream ? new DlibSerializationReader(new TrickleStream([.. data]), "test") : new DlibSerializationReader([.. data], "test");
        foreach (long value in Values)
        {
            Assert.Equal(value, reader.ReadInt());
        }

        Assert.Equal(0.15625f, reader.ReadFloat());
        Assert.Equal(-3f, reader.ReadFloat());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(0x00)] // size 0
    [InlineData(0x09)] // size 9
    [InlineData(0x11)] // a reserved bit set
    public void ABadControlByteIsAFaceModelExceptionOnBothPaths(byte control)
    {
        byte[] near = [control, 1];
        byte[] far = [control, .. new byte[16]];
        Assert.Contains("control byte", Assert.Throws<FaceModelException>(() => new DlibSerializationReader(near, "x.dat").ReadInt()).Message, StringComparison.Ordinal);
        Assert.Contains("control byte", Assert.Throws<FaceModelException>(() => new DlibSerializationReader(far, "x.dat").ReadInt()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AColumnOfTheWrongLengthIsRefused()
    {
        byte[] column = [.. Encode(3), .. Encode(1), .. Encode(1), .. Encode(0), .. Encode(2), .. Encode(0), .. Encode(3), .. Encode(0)];
        var into = new float[3];
        new DlibSerializationReader(column, "x.dat").ReadColumn(into);
        Assert.Equal([1f, 2f, 3f], into);
        Assert.Throws<FaceModelException>(() => new DlibSerializationReader(column, "x.dat").ReadColumn(new float[2]));
    }

    [Fact]
    public void AStreamLongerThanTheBufferReadsBackAndTellsWhereItEnds()
    {
        // 100,000 integers (about 280 KB, several buffer refills), then a truncated one.
        var data = new List<byte>();
        for (long i = 0; i < 100_000; i++)
        {
            data.AddRange(Encode((i * 7919) - 300_000));
        }

        data.AddRange([0x04, 1, 2]);
        var reader = new DlibSerializationReader(new TrickleStream([.. data], 4093), "x.dat");
        for (long i = 0; i < 100_000; i++)
        {
            Assert.Equal((i * 7919) - 300_000, reader.ReadInt());
        }

        Assert.False(reader.AtEnd);
        var e = Assert.Throws<FaceModelException>(() => reader.ReadInt());
        Assert.Contains("ends early", e.Message, StringComparison.Ordinal);
        Assert.Contains($"at byte {data.Count}", e.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => reader.Position = 0);
    }

    private static byte[] Encode(long value)
    {
        ulong magnitude = value < 0 ? (ulong)-value : (ulong)value;
        var bytes = new List<byte>();
        do
        {
            bytes.Add((byte)magnitude);
            magnitude >>= 8;
        }
        while (magnitude != 0);

        return [(byte)(bytes.Count | (value < 0 ? 0x80 : 0)), .. bytes];
    }

    /// <summary>A read-only stream over bytes that returns at most <c>chunk</c> bytes per read.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk = 3) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
