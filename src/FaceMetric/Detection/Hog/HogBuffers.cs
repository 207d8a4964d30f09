using System.Buffers;
using System.Runtime.CompilerServices;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// The HOG detector's work buffers, owned by one <see cref="HogScanner"/> and shared by the threads that use it. Those
/// up to 1 MiB are arrays of the shared array pool (row buffers, the levels of small photos). Larger ones (a large
/// photo's upsampled pixels, its first levels' pixels, histograms and features) are unmanaged memory: given back, a
/// block is kept for the next photo while the blocks kept total at most <see cref="RetainedBytes"/>, and beyond that the
/// largest are freed to the system at once. Thread-safe.
/// </summary>
/// <remarks>
/// Why not managed arrays: pooled, the large arrays of the largest photo stayed in the GC heap for good (two per
/// power-of-two size, for bytes and for floats); not pooled, they waited in the large object heap for a full
/// collection. Measured on the 123 photos of ../shared/data (published CLI, default front end, two workers, interleaved
/// runs, 2026-12-05): peak RSS 602-630 MB with pooled arrays; 474-493 MB with fresh arrays and the collector compacting
/// to conserve memory, but 35% slower; 494-518 MB with these buffers, and 2% faster than pooled arrays (the output the
/// same byte for byte). Keeping at most 32 MB instead of 64: 487-520 against 487-523 MB; 16 MB: 459-493 against
/// 486-546 MB, in runs too noisy (6.0-7.7 s) to tell the cost in time. Without the huge-page advice: 7.4-8.4 s against
/// 6.0-7.1 s in the same run.
/// </remarks>
internal sealed class HogBuffers : IDisposable
{
    /// <summary>Blocks up to this size are pooled managed arrays.</summary>
    public const int SmallBytes = 1 << 20;

    /// <summary>The most unmanaged memory kept between uses: about what two workers' medium-sized photos use.</summary>
    public const long RetainedBytes = 64L << 20;

    private const long Granularity = 64L << 10;

    private readonly object _gate = new();
    private readonly List<NativeChunk> _kept = [];
    private long _keptBytes;
    private bool _disposed;

    /// <summary>Frees the kept chunks if the owner was never disposed.</summary>
    ~HogBuffers() => FreeKept();

    /// <summary>Bytes of unmanaged memory kept for reuse now (for tests).</summary>
    internal long KeptBytes
    {
        get
        {
            lock (_gate)
            {
                return _keptBytes;
            }
        }
    }

    /// <summary>A block of <paramref name="length"/> elements, not cleared.</summary>
    public HogBlock<T> Rent<T>(int length)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        long bytes = (long)length * Unsafe.SizeOf<T>();
        if (bytes <= SmallBytes)
        {
            return new HogBlock<T>(ArrayPool<T>.Shared.Rent(length), length);
        }

        return new HogBlock<T>(TakeKept(bytes) ?? NativeChunk.Allocate(RoundUp(bytes)), length);
    }

    /// <summary>Gives back a block from <see cref="Rent{T}"/> (a second return of the same block does nothing).</summary>
    public void Return<T>(HogBlock<T> block)
        where T : unmanaged
    {
        if (!block.MarkReturned())
        {
            return;
        }

        if (block.Array is T[] array)
        {
            ArrayPool<T>.Shared.Return(array);
            return;
        }

        Keep(block.Chunk!);
    }

    /// <summary>Frees the kept memory; blocks returned later are freed at once.</summary>
    public void Dispose()
    {
        FreeKept();
        GC.SuppressFinalize(this);
    }

    private static long RoundUp(long bytes) => (bytes + Granularity - 1) / Granularity * Granularity;

    /// <summary>The smallest kept chunk that holds <paramref name="bytes"/> without being over twice as large.</summary>
    private NativeChunk? TakeKept(long bytes)
    {
        lock (_gate)
        {
            int best = -1;
            for (int i = 0; i < _kept.Count; i++)
            {
                long size = _kept[i].Bytes;
                if (size >= bytes && size <= 2 * bytes && (best < 0 || size < _kept[best].Bytes))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                return null;
            }

            NativeChunk chunk = _kept[best];
            _kept.RemoveAt(best);
            _keptBytes -= chunk.Bytes;
            return chunk;
        }
    }

    private void Keep(NativeChunk chunk)
    {
        List<NativeChunk>? free = null;
        lock (_gate)
        {
            if (_disposed)
            {
                free = [chunk];
            }
            else
            {
                _kept.Add(chunk);
                _keptBytes += chunk.Bytes;
                while (_keptBytes > RetainedBytes)
                {
                    int largest = 0;
                    for (int i = 1; i < _kept.Count; i++)
                    {
                        if (_kept[i].Bytes > _kept[largest].Bytes)
                        {
                            largest = i;
                        }
                    }

                    (free ??= []).Add(_kept[largest]);
                    _keptBytes -= _kept[largest].Bytes;
                    _kept.RemoveAt(largest);
                }
            }
        }

        free?.ForEach(c => c.Free());
    }

    private void FreeKept()
    {
        NativeChunk[] free;
        lock (_gate)
        {
            _disposed = true;
            free = [.. _kept];
            _kept.Clear();
            _keptBytes = 0;
        }

        foreach (NativeChunk chunk in free)
        {
            chunk.Free();
        }
    }
}
