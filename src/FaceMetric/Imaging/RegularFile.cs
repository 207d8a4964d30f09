using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FaceMetric.Imaging;

/// <summary>
/// Opens an image path for reading only when it is a regular file. A folder is refused before opening; on Linux and macOS
/// the file is opened non-blocking (so a FIFO with no writer cannot block) and refused when it cannot seek (FIFO,
/// socket, terminal). Elsewhere it is a plain <see cref="FileStream"/>.
/// </summary>
internal static class RegularFile
{
    private const int LinuxNonBlock = 0x800;       // O_NONBLOCK
    private const int LinuxCloseOnExec = 0x80000;  // O_CLOEXEC
    private const int MacNonBlock = 0x4;
    private const int MacCloseOnExec = 0x1000000;

    /// <summary>Opens <paramref name="path"/> for reading; null when it is not a regular file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="why">Null when opened; otherwise what the path is instead of a regular file.</param>
    /// <exception cref="IOException">The file cannot be opened (missing, denied, a link loop...): as <see cref="FileStream"/> throws.</exception>
    /// <exception cref="UnauthorizedAccessException">Access is denied.</exception>
    public static FileStream? TryOpenRead(string path, out string? why)
    {
        why = null;
        if (Directory.Exists(path))
        {
            why = "it is a folder, not a regular file";
            return null;
        }

        FileStream? stream = null;
        int flags = OperatingSystem.IsLinux() ? LinuxNonBlock | LinuxCloseOnExec
            : OperatingSystem.IsMacOS() ? MacNonBlock | MacCloseOnExec : -1;
        if (flags >= 0)
        {
            int fd = Open(path, flags);
            if (fd >= 0)
            {
                stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
            }
        }

        // Where the non-blocking open failed (missing file, no access...) FileStream's own open raises the right error.
        stream ??= new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            why = "it is a FIFO, socket or device, not a regular file";
            return null;
        }

        return stream;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
