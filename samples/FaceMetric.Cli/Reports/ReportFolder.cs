using FaceMetric.IO;
using System.Text;

namespace FaceMetric.Cli.Reports;

/// <summary>
/// An HTML report's folder: the page and its thumbnails (under <c>thumbs/</c>). Every file is written atomically
/// (temporary file in the same folder, flushed to disk, then moved over the target), so a reader never sees half a file.
/// </summary>
internal sealed class ReportFolder
{
    public const string ThumbnailFolder = "thumbs";

    private readonly string _root;

    public ReportFolder(string root)
    {
        _root = Path.GetFullPath(root);
        if (File.Exists(_root))
        {
            throw CliException.BadArguments($"--report {root}: a file is in the way (give a folder)");
        }

        Directory.CreateDirectory(Path.Combine(_root, ThumbnailFolder));
    }

    /// <summary>The page's path.</summary>
    public string PagePath => Path.Combine(_root, "report.html");

    /// <summary>Writes a thumbnail and returns its path relative to the page.</summary>
    public string WriteThumbnail(string name, byte[] bytes)
    {
        string relative = ThumbnailFolder + "/" + name;
        WriteAtomically(Path.Combine(_root, ThumbnailFolder, name), bytes);
        return relative;
    }

    /// <summary>Writes the page (UTF-8, no BOM) and returns its full path.</summary>
    public string WritePage(string html)
    {
        WriteAtomically(PagePath, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(html));
        return PagePath;
    }

    private static void WriteAtomically(string path, byte[] bytes) => AtomicFile.Write(path, stream => stream.Write(bytes));
}
