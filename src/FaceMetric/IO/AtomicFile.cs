using System.Text;

namespace FaceMetric.IO;

/// <summary>Writes a file so that readers see either the old content or the whole new content, never a part.</summary>
internal static class AtomicFile
{
    /// <summary>Writes UTF-8 text (no BOM) to a temporary file in the same folder, flushes it to disk, then moves it
    /// over <paramref name="path"/>. The temporary file is removed if anything fails.</summary>
    public static void WriteAllText(string path, string contents) =>
        Write(path, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(contents)));

    /// <summary>Lets <paramref name="write"/> fill a temporary file in the same folder, flushes it to disk, then moves
    /// it over <paramref name="path"/>. The temporary file is removed if anything fails; the old file is untouched.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
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
            File.Delete(temp);
            throw;
        }
    }
}
