using System.Numerics.Tensors;
using FaceMetric.Embedding;
using FaceMetric.Matching;

namespace FaceMetric.Identification;

/// <summary>
/// Descriptors kept as one contiguous row-major float block (row i at <c>[i*128, (i+1)*128)</c>) with, per row,
/// its squared norm (for the blocked kernel) and an integer label id. The block grows by doubling. Every face is
/// kept as enrolled: nothing is ever averaged.
/// </summary>
/// <remarks>Not thread-safe: the owner (gallery or tracker) serialises access.</remarks>
internal sealed class DescriptorStore
{
    /// <summary>The dimension of every row.</summary>
    internal const int Dimension = FaceDescriptor.Length;

    /// <summary>The most rows one float array can hold.</summary>
    internal const int MaxRows = int.MaxValue / Dimension;

    private const int InitialCapacity = 16;

    private float[] _rows;
    private float[] _norms;
    private int[] _labels;

    /// <summary>An empty store.</summary>
    public DescriptorStore()
    {
        _rows = [];
        _norms = [];
        _labels = [];
    }

    /// <summary>Adopts loaded arrays (already validated): <paramref name="count"/> rows and their label ids.</summary>
    public DescriptorStore(float[] rows, int[] labels, int count)
    {
        _rows = rows;
        _labels = labels;
        _norms = new float[labels.Length];
        Count = count;
        DistanceKernels.SquaredNorms(rows.AsSpan(0, count * Dimension), Dimension, _norms);
    }

    /// <summary>The number of rows.</summary>
    public int Count { get; private set; }

    /// <summary>The rows in use: <see cref="Count"/> x 128 floats.</summary>
    public ReadOnlySpan<float> Rows => _rows.AsSpan(0, Count * Dimension);

    /// <summary>The backing array of the rows (its first <see cref="Count"/> x 128 floats are in use).</summary>
    public float[] RowArray => _rows;

    /// <summary>Squared norm of every row in use.</summary>
    public ReadOnlySpan<float> Norms => _norms.AsSpan(0, Count);

    /// <summary>The backing array of the norms.</summary>
    public float[] NormArray => _norms;

    /// <summary>Label id of every row in use.</summary>
    public ReadOnlySpan<int> Labels => _labels.AsSpan(0, Count);

    /// <summary>One row.</summary>
    public ReadOnlySpan<float> Row(int row) => _rows.AsSpan(row * Dimension, Dimension);

    /// <summary>Appends a row with a label id, doubling the block when full.</summary>
    /// <exception cref="InvalidOperationException">The store already holds <see cref="MaxRows"/> rows.</exception>
    public void Add(ReadOnlySpan<float> values, int label)
    {
        EnsureCapacity(Count + 1);
        values.CopyTo(_rows.AsSpan(Count * Dimension, Dimension));
        _norms[Count] = TensorPrimitives.SumOfSquares(values);
        _labels[Count] = label;
        Count++;
    }

    /// <summary>Makes room for <paramref name="needed"/> rows in total.</summary>
    public void EnsureCapacity(long needed)
    {
        if (needed <= _labels.Length)
        {
            return;
        }

        if (needed > MaxRows)
        {
            throw new InvalidOperationException($"A gallery holds at most {MaxRows} descriptors.");
        }

        int capacity = (int)Math.Min(MaxRows, Math.Max(needed, Math.Max(InitialCapacity, 2L * _labels.Length)));
        Array.Resize(ref _rows, capacity * Dimension);
        Array.Resize(ref _norms, capacity);
        Array.Resize(ref _labels, capacity);
    }

    /// <summary>
    /// Deletes every row labelled <paramref name="label"/> (keeping the order of the others) and renumbers the
    /// label ids above it down by one. Returns the number of rows deleted.
    /// </summary>
    public int RemoveLabel(int label)
    {
        int write = 0;
        for (int read = 0; read < Count; read++)
        {
            int id = _labels[read];
            if (id == label)
            {
                continue;
            }

            if (write != read)
            {
                _rows.AsSpan(read * Dimension, Dimension).CopyTo(_rows.AsSpan(write * Dimension, Dimension));
                _norms[write] = _norms[read];
            }

            _labels[write] = id > label ? id - 1 : id;
            write++;
        }

        int removed = Count - write;
        Count = write;
        return removed;
    }
}
