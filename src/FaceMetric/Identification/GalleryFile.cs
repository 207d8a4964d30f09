using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace FaceMetric.Identification;

/// <summary>
/// The gallery file format, version 1. All integers and floats little endian.
/// </summary>
/// <remarks>
/// <code>
/// offset  size        field
///      0  8           magic "FMGALLRY" (ASCII)
///      8  4  int32    format version = 1
///     12  4  int32    dimension = 128
///     16  8  int64    total file length in bytes, checksum included
///     24  4  int32    descriptor count n
///     28  4  int32    label count L
///     32  ...         L labels: int32 byte length, then that many UTF-8 bytes (no BOM, no terminator)
///         4n int32    label index (0 .. L-1) of each descriptor, in storage order
///         4*128*n     the descriptors, float32, row-major
///   end-32  32        SHA-256 of every byte before it
/// </code>
/// Every label has at least one descriptor; labels are distinct, non-empty, valid UTF-8; every float is finite.
/// </remarks>
internal static class GalleryFile
{
    internal const int Version = 1;
    internal const int HeaderLength = 32;
    internal const int ChecksumLength = 32;
    internal static ReadOnlySpan<byte> Magic => "FMGALLRY"u8;

    private const int IoChunk = 1 << 20;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the whole file to <paramref name="output"/> (the caller holds the gallery's read lock).</summary>
    public static void Write(Stream output, DescriptorStore store, IReadOnlyList<string> labelNames)
    {
        byte[][] encodedLabels = labelNames.Select(StrictUtf8.GetBytes).ToArray();
        int n = store.Count;
        long length = HeaderLength
            + encodedLabels.Sum(l => 4L + l.Length)
            + (4L * n)
            + (4L * DescriptorStore.Dimension * n)
            + ChecksumLength;

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[IoChunk];
        int used = 0;

        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], DescriptorStore.Dimension);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], length);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], n);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], encodedLabels.Length);
        Put(header);

        Span<byte> word = stackalloc byte[4];
        foreach (byte[] label in encodedLabels)
        {
            BinaryPrimitives.WriteInt32LittleEndian(word, label.Length);
            Put(word);
            Put(label);
        }

        foreach (int label in store.Labels)
        {
            BinaryPrimitives.WriteInt32LittleEndian(word, label);
            Put(word);
        }

        ReadOnlySpan<float> rows = store.Rows;
        if (BitConverter.IsLittleEndian)
        {
            Put(MemoryMarshal.AsBytes(rows));
        }
        else
        {
            foreach (float value in rows)
            {
                BinaryPrimitives.WriteSingleLittleEndian(word, value);
                Put(word);
            }
        }

        Flush();
        output.Write(hash.GetHashAndReset());

        void Put(ReadOnlySpan<byte> bytes)
        {
            while (bytes.Length > 0)
            {
                int take = Math.Min(bytes.Length, buffer.Length - used);
                bytes[..take].CopyTo(buffer.AsSpan(used));
                used += take;
                bytes = bytes[take..];
                if (used == buffer.Length)
                {
                    Flush();
                }
            }
        }

        void Flush()
        {
            hash.AppendData(buffer, 0, used);
            output.Write(buffer, 0, used);
            used = 0;
        }
    }

    /// <summary>The validated contents of a gallery file.</summary>
    internal sealed record Contents(List<string> LabelNames, List<int> LabelCounts, float[] Rows, int[] RowLabels, int Count);

    /// <summary>
    /// Reads and checks a whole file: magic, version, length, checksum (a first pass), then structure (a second
    /// pass). Throws <see cref="FaceGalleryFormatException"/> on the first problem; returns only complete contents.
    /// </summary>
    public static Contents Read(string path)
    {
        FileStream? opened;
        string? why;
        try
        {
            opened = Imaging.RegularFile.TryOpenRead(path, out why);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw Fail(path, FaceGalleryFormatError.NotARegularFile, $"the file cannot be opened ({ex.Message}).");
        }

        using FileStream stream = opened ?? throw Fail(path, FaceGalleryFormatError.NotARegularFile, why + ".");
        long actual = stream.Length;

        Span<byte> header = stackalloc byte[HeaderLength];
        int got = ReadUpTo(stream, header);
        if (got == 0)
        {
            throw Fail(path, FaceGalleryFormatError.Truncated, "the file is empty (0 bytes).");
        }

        int magicBytes = Math.Min(got, Magic.Length);
        if (!header[..magicBytes].SequenceEqual(Magic[..magicBytes]))
        {
            throw Fail(path, FaceGalleryFormatError.ForeignFile,
                $"it does not start with \"FMGALLRY\" (it starts with {Convert.ToHexString(header[..magicBytes])}): not a FaceMetric gallery file.");
        }

        if (got < 12)
        {
            throw Fail(path, FaceGalleryFormatError.Truncated, $"the file is only {actual} bytes long; a gallery header needs {HeaderLength}.");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != Version)
        {
            throw Fail(path, FaceGalleryFormatError.UnsupportedVersion,
                $"it is format version {version}; this library reads version {Version}.");
        }

        if (got < HeaderLength)
        {
            throw Fail(path, FaceGalleryFormatError.Truncated, $"the file is only {actual} bytes long; a gallery header needs {HeaderLength}.");
        }

        long declared = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        if (declared > actual)
        {
            throw Fail(path, FaceGalleryFormatError.Truncated,
                $"the file is {actual} bytes long but its header says {declared}: it was cut short (an interrupted copy or download?).");
        }

        if (declared < actual)
        {
            throw Fail(path, FaceGalleryFormatError.Malformed,
                $"the file is {actual} bytes long but its header says {declared}: {actual - declared} unexpected bytes at the end, or a damaged header.");
        }

        if (actual < HeaderLength + ChecksumLength)
        {
            throw Fail(path, FaceGalleryFormatError.Truncated, $"the file is only {actual} bytes long; an empty gallery takes {HeaderLength + ChecksumLength}.");
        }

        VerifyChecksum(path, stream, actual);

        int dimension = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (dimension != DescriptorStore.Dimension)
        {
            throw Fail(path, FaceGalleryFormatError.WrongDimension,
                $"its descriptors have {dimension} dimensions; FaceMetric's have {DescriptorStore.Dimension} (a gallery made with another model?).");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        int labelCount = BinaryPrimitives.ReadInt32LittleEndian(header[28..]);
        return ReadBody(path, stream, actual, count, labelCount);
    }

    private static void VerifyChecksum(string path, FileStream stream, long actual)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[IoChunk];
        stream.Position = 0;
        long remaining = actual - ChecksumLength;
        while (remaining > 0)
        {
            int take = (int)Math.Min(buffer.Length, remaining);
            stream.ReadExactly(buffer, 0, take);
            hash.AppendData(buffer, 0, take);
            remaining -= take;
        }

        byte[] stored = new byte[ChecksumLength];
        stream.ReadExactly(stored);
        if (!CryptographicOperations.FixedTimeEquals(stored, hash.GetHashAndReset()))
        {
            throw Fail(path, FaceGalleryFormatError.ChecksumMismatch,
                "its SHA-256 checksum does not match its contents: the file was damaged after it was written.");
        }
    }

    private static Contents ReadBody(string path, FileStream stream, long actual, int count, int labelCount)
    {
        const int dimension = DescriptorStore.Dimension;
        long bodyEnd = actual - ChecksumLength;
        if (count < 0 || labelCount < 0 || labelCount > count || count > DescriptorStore.MaxRows
            || HeaderLength + (4L * labelCount) + (4L * count) + (4L * dimension * count) > bodyEnd)
        {
            throw Fail(path, FaceGalleryFormatError.Malformed,
                $"its header declares {count} descriptors and {labelCount} labels, which do not fit its {actual} bytes.");
        }

        using var reader = new BufferedStream(stream, IoChunk);
        reader.Position = HeaderLength;
        var labelNames = new List<string>(labelCount);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Span<byte> word = stackalloc byte[4];
        long position = HeaderLength;
        long fixedTail = (4L * count) + (4L * dimension * count);
        for (int i = 0; i < labelCount; i++)
        {
            reader.ReadExactly(word);
            int byteLength = BinaryPrimitives.ReadInt32LittleEndian(word);
            position += 4;
            if (byteLength <= 0 || position + byteLength + fixedTail > bodyEnd)
            {
                throw Fail(path, FaceGalleryFormatError.Malformed, $"label {i} has an invalid length ({byteLength} bytes).");
            }

            byte[] bytes = new byte[byteLength];
            reader.ReadExactly(bytes);
            position += byteLength;
            string label;
            try
            {
                label = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Fail(path, FaceGalleryFormatError.Malformed, $"label {i} is not valid UTF-8.");
            }

            if (!seen.Add(label))
            {
                throw Fail(path, FaceGalleryFormatError.Malformed, $"label \"{label}\" appears twice.");
            }

            labelNames.Add(label);
        }

        if (position + fixedTail != bodyEnd)
        {
            throw Fail(path, FaceGalleryFormatError.Malformed,
                $"its sections end at byte {position + fixedTail} but the checksum starts at byte {bodyEnd}.");
        }

        int[] rowLabels = new int[count];
        var labelCounts = new List<int>(new int[labelCount]);
        for (int row = 0; row < count; row++)
        {
            reader.ReadExactly(word);
            int label = BinaryPrimitives.ReadInt32LittleEndian(word);
            if ((uint)label >= (uint)labelCount)
            {
                throw Fail(path, FaceGalleryFormatError.Malformed, $"descriptor {row} refers to label {label}; there are {labelCount}.");
            }

            rowLabels[row] = label;
            labelCounts[label]++;
        }

        int unused = labelCounts.IndexOf(0);
        if (unused >= 0)
        {
            throw Fail(path, FaceGalleryFormatError.Malformed, $"label \"{labelNames[unused]}\" has no descriptor.");
        }

        float[] rows = new float[count * dimension];
        Span<byte> rowBytes = MemoryMarshal.AsBytes(rows.AsSpan());
        reader.ReadExactly(rowBytes);
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> raw = MemoryMarshal.Cast<float, int>(rows.AsSpan());
            BinaryPrimitives.ReverseEndianness(raw, raw);
        }

        for (int i = 0; i < rows.Length; i++)
        {
            if (!float.IsFinite(rows[i]))
            {
                throw Fail(path, FaceGalleryFormatError.Malformed, $"descriptor {i / dimension} holds a non-finite value ({rows[i]}).");
            }
        }

        return new Contents(labelNames, labelCounts, rows, rowLabels, count);
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static FaceGalleryFormatException Fail(string path, FaceGalleryFormatError reason, string detail) => new(path, reason, detail);
}
