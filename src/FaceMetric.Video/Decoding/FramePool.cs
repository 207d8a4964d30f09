namespace FaceMetric.Video.Decoding;

/// <summary>
/// A fixed set of frame buffers, all the same size. <see cref="RentAsync"/> waits while every buffer is in use, so
/// however long the video, at most <see cref="Capacity"/> frames exist at once.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class FramePool : IDisposable
{
    private readonly Stack<byte[]> _free = new();
    private readonly Lock _sync = new();
    private readonly SemaphoreSlim _available;
    private readonly int _frameBytes;
    private int _created;

    /// <summary>A pool of up to <paramref name="capacity"/> buffers of <paramref name="frameBytes"/> bytes, made on demand.</summary>
    public FramePool(int frameBytes, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _frameBytes = frameBytes;
        Capacity = capacity;
        _available = new SemaphoreSlim(capacity, capacity);
    }

    /// <summary>The most buffers that ever exist.</summary>
    public int Capacity { get; }

    /// <summary>Buffers made so far (at most <see cref="Capacity"/>).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>A free buffer; waits while all <see cref="Capacity"/> are rented.</summary>
    public async ValueTask<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (_free.TryPop(out byte[]? buffer))
            {
                return buffer;
            }

            _created++;
        }

        return new byte[_frameBytes];
    }

    /// <summary>Gives a rented buffer back.</summary>
    public void Return(byte[] buffer)
    {
        lock (_sync)
        {
            _free.Push(buffer);
        }

        _available.Release();
    }

    /// <inheritdoc/>
    public void Dispose() => _available.Dispose();
}
