using System.Text;

namespace FaceMetric.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never a part: every file
/// FaceMetric writes (galleries, models, reports) goes through here.
/// </summary>
/// <remarks>Thread-safe: each call writes its own uniquely named temporary file in the destination folder.</remarks>
public static class AtomicFile
{
    /// <summary>Writes UTF-8 text (no BOM) to a temporary file in the same folder, flushes it to disk, then moves it
    /// over <paramref name="path"/>. The temporary file is removed if anything fails.</summary>
    /// <param name="path">The destination file; its folder must exist.</param>
    /// <param name="contents">The text.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, names a folder or has no folder.</exception>
    /// <exception cref="IOException">The temporary file cannot be written or moved; the destination is unchanged.</exception>
    public static void WriteAllText(string path, string contents) =>
        Write(path, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(contents)));

    /// <summary>Lets <paramref name="write"/> fill a temporary file in the same folder, flushes it to disk, then moves
    /// it over <paramref name="path"/>. The temporary file is removed if anything fails; the old file is untouched.</summary>
    /// <param name="path">The destination file; its folder must exist.</param>
    /// <param name="write">Writes the whole content to the stream it is given (it need not flush).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, names a folder or has no folder.</exception>
    /// <exception cref="IOException">The temporary file cannot be written or moved; the destination is unchanged.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        if (Path.GetFileName(full).Length == 0)
        {
            throw new ArgumentException($"'{path}' names a folder, not a file.", nameof(path));
        }

        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary file is hidden and never read; the destination is what matters.
        }
    }
}
