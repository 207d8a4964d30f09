using System.Buffers;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// A work buffer of exactly <see cref="Length"/> elements rented from <see cref="HogBuffers"/>: a pooled managed array
/// when small, unmanaged memory (<see cref="NativeChunk"/>) when large. Its contents are whatever the memory held.
/// </summary>
internal sealed class HogBlock<T>
    where T : unmanaged
{
    private int _returned;

    internal HogBlock(T[] array, int length)
    {
        Array = array;
        Length = length;
        Memory = array.AsMemory(0, length);
    }

    internal HogBlock(NativeChunk chunk, int length)
    {
        Chunk = chunk;
        Length = length;
        Memory = new ChunkMemory(chunk, length).Memory;
    }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The elements, as memory (for objects that keep them).</summary>
    public Memory<T> Memory { get; }

    /// <summary>The elements.</summary>
    public Span<T> Span => Memory.Span;

    /// <summary>The pooled array behind a small block; null for a large one.</summary>
    internal T[]? Array { get; }

    /// <summary>The unmanaged memory behind a large block; null for a small one.</summary>
    internal NativeChunk? Chunk { get; }

    /// <summary>Marks the block returned; false when it already was (it is then not given back twice).</summary>
    internal bool MarkReturned() => Interlocked.Exchange(ref _returned, 1) == 0;

    /// <summary>A chunk's memory as <see cref="Memory{T}"/>.</summary>
    private sealed unsafe class ChunkMemory(NativeChunk chunk, int length) : MemoryManager<T>
    {
        public override Span<T> GetSpan() => new((void*)chunk.Address, length);

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, length);
            return new MemoryHandle((T*)chunk.Address + elementIndex);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
