using System.Runtime.InteropServices;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// A block of unmanaged memory for the HOG detector's large work buffers, freed back to the system at once by
/// <see cref="Free"/>. On Linux it is an anonymous mapping of its own (so freeing it unmaps it, whatever glibc's
/// heap would have kept) and, from 2 MiB up, advised for transparent huge pages (fewer page faults when it is first
/// written); elsewhere, or where libc's calls do not bind, it comes from <see cref="NativeMemory.AlignedAlloc"/>.
/// </summary>
internal sealed class NativeChunk
{
    private const int Alignment = 64;
    private const long HugePage = 2L << 20;
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20, MadvHugePage = 14;

    private static readonly bool Mapped = OperatingSystem.IsLinux()
        && (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64)
        && CanCallMemoryMapping();

    private IntPtr _address;

    private NativeChunk(IntPtr address, long bytes, bool mapped)
    {
        _address = address;
        Bytes = bytes;
        IsMapped = mapped;
    }

    /// <summary>The first byte (64-byte aligned).</summary>
    public IntPtr Address => _address;

    /// <summary>How many bytes it holds.</summary>
    public long Bytes { get; }

    private bool IsMapped { get; }

    /// <summary>A chunk of at least <paramref name="bytes"/> bytes, not cleared.</summary>
    /// <exception cref="OutOfMemoryException">The system has no memory for it.</exception>
    public static unsafe NativeChunk Allocate(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        if (Mapped)
        {
            IntPtr address = MemoryMap(IntPtr.Zero, (nuint)bytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            if (address == new IntPtr(-1))
            {
                throw new OutOfMemoryException($"The HOG detector could not map {bytes / (1 << 20)} MiB of work space.");
            }

            if (bytes >= HugePage)
            {
                _ = MemoryAdvise(address, (nuint)bytes, MadvHugePage);
            }

            return new NativeChunk(address, bytes, mapped: true);
        }

        return new NativeChunk((IntPtr)NativeMemory.AlignedAlloc((nuint)bytes, Alignment), bytes, mapped: false);
    }

    /// <summary>Gives the memory back to the system; the chunk is not used after (a second call does nothing).</summary>
    public unsafe void Free()
    {
        IntPtr address = Interlocked.Exchange(ref _address, IntPtr.Zero);
        if (address == IntPtr.Zero)
        {
            return;
        }

        if (IsMapped)
        {
            _ = MemoryUnmap(address, (nuint)Bytes);
        }
        else
        {
            NativeMemory.AlignedFree((void*)address);
        }
    }

    /// <summary>Whether libc's mapping calls bind (an unusual libc may not resolve as "libc"): unmapping nothing.</summary>
    private static bool CanCallMemoryMapping()
    {
        try
        {
            _ = MemoryUnmap(IntPtr.Zero, 0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mmap")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr MemoryMap(IntPtr address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "munmap")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MemoryUnmap(IntPtr address, nuint length);

    [DllImport("libc", EntryPoint = "madvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MemoryAdvise(IntPtr address, nuint length, int advice);
}
