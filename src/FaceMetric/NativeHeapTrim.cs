using System.Runtime.InteropServices;

namespace FaceMetric;

/// <summary>
/// Hands the C heap's free memory back to the system after a large photo, on Linux with glibc. ONNX Runtime and
/// ImageSharp allocate a large photo's native buffers with malloc, and glibc keeps what they free for later allocations
/// instead of returning it, so a process that has seen a few large photos stays that large. <c>malloc_trim</c> returns
/// the free pages of every malloc arena. Elsewhere (Windows, macOS, musl) it does nothing.
/// </summary>
/// <remarks>
/// Measured on the 123 photos of ../shared/data (<c>facemetric embed --json</c>, default front end, two workers, three
/// interleaved rounds each, 2026-12-05): peak resident memory 615-643 MB trimming after each photo of 1 megapixel or
/// more, against 641-679 MB without, wall time the same (6.08 / 6.00 s, within noise). Trimming after every photo gave the
/// same (616-635 MB); photos under a megapixel (LFW's 250 x 250) free too little to be worth the call.
/// </remarks>
internal static class NativeHeapTrim
{
    /// <summary>Photos of at least this many pixels are followed by a trim.</summary>
    public const long MinPixels = 1_000_000;

    /// <summary>Whether the process runs on glibc, whose <c>malloc_trim</c> this calls.</summary>
    public static bool IsAvailable { get; } = DetectGlibc();

    /// <summary>Trims the C heap after a photo of <paramref name="width"/> x <paramref name="height"/> pixels if it was large.</summary>
    /// <returns>Whether a trim ran.</returns>
    public static bool AfterPhoto(int width, int height)
    {
        if (!IsAvailable || (long)width * height < MinPixels)
        {
            return false;
        }

        MallocTrim(0);
        return true;
    }

    private static bool DetectGlibc()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return GnuGetLibcVersion() != IntPtr.Zero;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "gnu_get_libc_version")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr GnuGetLibcVersion();

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
