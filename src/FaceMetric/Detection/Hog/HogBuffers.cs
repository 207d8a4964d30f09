using System.Buffers;
using System.Runtime.CompilerServices;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// The HOG detector's work buffers, owned by one <see cref="HogScanner"/> and shared by the threads that use it: those
/// up to 1 MiB come from the shared array pool (row buffers, small levels), larger ones (an upsampled photo, the first
/// levels' pixels, features and histograms) from this object's own pools, which keep one array of each power-of-two
/// size. Measured on 123 photos of ../shared/data (2 workers, dlib's front end, 2026-12-05): the shared pool for all
/// sizes kept large arrays per thread for good (peak RSS 1.05 GB); allocating large ones afresh cost a collection per
/// photo (sample1.jpg: 125 ms against 89 ms pooled; RSS 0.54 GB); these pools: 89 ms, RSS 0.70 GB. Thread-safe.
/// </summary>
internal sealed class HogBuffers
{
    private const int SmallBytes = 1 << 20;
    private const int LargestPooled = 1 << 30;
    private const int ArraysPerSize = 1;

    private readonly ArrayPool<byte> _bytes = ArrayPool<byte>.Create(LargestPooled, ArraysPerSize);
    private readonly ArrayPool<float> _floats = ArrayPool<float>.Create(LargestPooled, ArraysPerSize);
    private readonly ArrayPool<int> _ints = ArrayPool<int>.Create(LargestPooled, ArraysPerSize);

    /// <summary>An array of at least <paramref name="length"/> elements, not necessarily cleared.</summary>
    public T[] Rent<T>(int length) => Pool<T>(length).Rent(length);

    /// <summary>Gives back an array from <see cref="Rent{T}"/>.</summary>
    public void Return<T>(T[] array) => Pool<T>(array.Length).Return(array);

    private ArrayPool<T> Pool<T>(int length)
    {
        if ((long)length * Unsafe.SizeOf<T>() <= SmallBytes)
        {
            return ArrayPool<T>.Shared;
        }

        object pool = typeof(T) == typeof(byte) ? _bytes : typeof(T) == typeof(float) ? _floats : typeof(T) == typeof(int) ? _ints
            : throw new NotSupportedException("HOG buffers are bytes, floats or ints.");
        return (ArrayPool<T>)pool;
    }
}
