using System.Buffers;
using System.Runtime.CompilerServices;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// The HOG detector's work buffers: those up to 1 MiB come from the shared array pool (row buffers, small levels'
/// histograms and features), larger ones (an upsampled photo, its first levels' features) are allocated and left to the
/// garbage collector. The shared pool keeps what it is given per thread and per size for good, which for multi-megapixel
/// levels on several threads doubled a batch's peak memory (123 photos of ../shared/data: 0.52 -> 1.05 GB) for no
/// measurable speed.
/// </summary>
internal static class HogBuffers
{
    private const int PooledBytes = 1 << 20;

    /// <summary>An array of at least <paramref name="length"/> elements, not necessarily cleared.</summary>
    public static T[] Rent<T>(int length) =>
        (long)length * Unsafe.SizeOf<T>() <= PooledBytes ? ArrayPool<T>.Shared.Rent(length) : new T[length];

    /// <summary>Gives back an array from <see cref="Rent{T}"/>; large ones are simply dropped.</summary>
    public static void Return<T>(T[] array)
    {
        if ((long)array.Length * Unsafe.SizeOf<T>() <= PooledBytes)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }
}
