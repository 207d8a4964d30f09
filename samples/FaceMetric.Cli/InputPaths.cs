using FaceMetric.Imaging;

namespace FaceMetric.Cli;

/// <summary>Expands command-line paths: files as given, folders walked recursively for image files.</summary>
internal static class InputPaths
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var result = new List<string>();
        foreach (string p in paths)
        {
            if (Directory.Exists(p))
            {
                result.AddRange(Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories)
                    .Where(FaceImage.IsImageFileName)
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(p))
            {
                result.Add(p);
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
}
