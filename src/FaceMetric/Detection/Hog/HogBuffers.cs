using System.Buffers;
using System.Runtime.CompilerServices;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// The HOG detector's work buffers, owned by one <see cref="HogScanner"/> and shared by the threads that use it: those
/// up to 1 MiB come from the shared array pool (row buffers, small levels), larger ones (an upsampled photo, the first
/// levels' pixels, features and histograms) from this object's own pools, which keep two arrays of each power-of-two
/// size (two photo workers scan levels of about the same sizes at once). Measured on 123 photos of ../shared/data
/// (2 workers, dlib's front end, 2026-12-05): the shared pool for all sizes kept large arrays per thread for good (peak
/// RSS 1.05 GB); allocating large ones afresh cost a collection per photo (sample1.jpg: 125 ms against 89 ms pooled;
/// RSS 0.54 GB); these pools with one array per size: 89 ms, RSS 0.70 GB; with two, six alternating whole runs: median
/// wall 6.45 -> 6.15 s (fewer page faults: 1.6 -> 1.35 system CPU-s), median peak RSS 0.69 -> 0.71 GB. Thread-safe.
/// </summary>
internal sealed class HogBuffers
{
    private const int SmallBytes = 1 << 20;
    private const int LargestPooled = 1 << 30;
    private const int ArraysPerSize = 2;

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
