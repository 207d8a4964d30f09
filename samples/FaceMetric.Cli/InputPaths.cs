using FaceMetric.Imaging;

namespace FaceMetric.Cli;

/// <summary>
/// Expands command-line paths: files as given, folders walked recursively for image files. Each real folder is walked
/// once, whatever links lead to it (a link to a folder already walked, to itself or to an ancestor is skipped), and each
/// real file is listed once, so symlink loops neither hang the walk nor repeat a photo.
/// </summary>
internal static class InputPaths
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var result = new List<string>();
        var seenFolders = new HashSet<string>(StringComparer.Ordinal);
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (string p in paths)
        {
            if (Directory.Exists(p))
            {
                var found = new List<string>();
                Walk(new DirectoryInfo(p), p, RealPath(new DirectoryInfo(p)), seenFolders, seenFiles, found);
                result.AddRange(found.Order(StringComparer.Ordinal));
            }
            else if (File.Exists(p) || new FileInfo(p).LinkTarget is not null)
            {
                if (seenFiles.Add(RealPath(new FileInfo(p))))
                {
                    result.Add(p);
                }
            }
            else
            {
                throw CliException.BadInput($"{p}: no such file or folder");
            }
        }

        if (result.Count == 0)
        {
            throw CliException.BadInput("no image files found in " + string.Join(", ", paths));
        }

        return result;
    }

    /// <summary>The image files directly in a folder (not in its sub-folders), in ordinal order.</summary>
    public static IEnumerable<string> ImagesDirectlyIn(string folder) =>
        Directory.EnumerateFiles(folder).Where(FaceImage.IsImageFileName).Order(StringComparer.Ordinal);

    private static void Walk(DirectoryInfo folder, string shownPath, string realPath, HashSet<string> seenFolders, HashSet<string> seenFiles, List<string> result)
    {
        if (!seenFolders.Add(realPath))
        {
            return;
        }

        var entries = folder.EnumerateFileSystemInfos().ToList();
        foreach (FileSystemInfo entry in entries)
        {
            if (entry is FileInfo file && FaceImage.IsImageFileName(file.Name) && seenFiles.Add(ChildPath(file, realPath)))
            {
                result.Add(Path.Combine(shownPath, file.Name));
            }
        }

        foreach (FileSystemInfo entry in entries)
        {
            if (entry is DirectoryInfo sub)
            {
                Walk(sub, Path.Combine(shownPath, sub.Name), ChildPath(sub, realPath), seenFolders, seenFiles, result);
            }
        }
    }

    // The real path of an entry of a folder whose real path is known: its link target when it is a link, else the
    // folder's real path and its name.
    private static string ChildPath(FileSystemInfo entry, string parentRealPath)
    {
        if (entry.LinkTarget is null)
        {
            return Path.Combine(parentRealPath, entry.Name);
        }

        return RealPath(entry);
    }

    private static string RealPath(FileSystemInfo entry)
    {
        try
        {
            return entry.LinkTarget is null ? Path.GetFullPath(entry.FullName) : entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? entry.FullName;
        }
        catch (IOException)
        {
            return entry.FullName; // a link loop (ELOOP): FaceImage reports the file itself
        }
    }
}
