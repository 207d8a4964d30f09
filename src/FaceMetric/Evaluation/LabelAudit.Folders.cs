using FaceMetric.Imaging;

namespace FaceMetric.Evaluation;

/// <summary>Auditing a dataset laid out as one folder per person.</summary>
public static partial class LabelAudit
{
    /// <summary>
    /// The labelled images of a dataset with one sub-folder per claimed identity: each direct sub-folder of
    /// <paramref name="root"/> is a label, and every image file under it (recursively; .jpg, .jpeg, .png, .bmp, .webp)
    /// is one of that person's images. Sub-folders and files are taken in ordinal name order.
    /// </summary>
    /// <param name="root">The dataset folder.</param>
    /// <returns>(label, image path) pairs; paths are <paramref name="root"/> combined with the relative path.</returns>
    /// <exception cref="ArgumentException"><paramref name="root"/> is null or empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<(string Label, string Path)> ListFolders(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"{root}: no such folder");
        }

        var result = new List<(string, string)>();
        foreach (string folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            string label = Path.GetFileName(folder);
            result.AddRange(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => FaceImage.IsImageFileName(f))
                .Order(StringComparer.Ordinal)
                .Select(f => (label, f)));
        }

        return result;
    }

    /// <summary>
    /// Audits a dataset with one sub-folder per claimed identity (see <see cref="ListFolders"/>): every image is
    /// loaded with the default <see cref="ImageLimits"/> and analysed, its faces ordered nearest the centre first
    /// (<see cref="AuditItem.FromFaces"/>), and the items audited. Item ids are the image paths.
    /// </summary>
    /// <param name="analyzer">Finds and describes the faces.</param>
    /// <param name="root">The dataset folder.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">Optional: receives the number of images analysed so far after each image.</param>
    /// <returns>The findings, highest score first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="analyzer"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="root"/> is null or empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FaceImageException">An image is unreadable, truncated, of a refused format or too large.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static LabelAuditReport AuditFolders(FaceAnalyzer analyzer, string root, LabelAuditOptions? options = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        IReadOnlyList<(string Label, string Path)> images = ListFolders(root);
        var items = new AuditItem[images.Count];
        for (int i = 0; i < items.Length; i++)
        {
            using (var image = FaceImage.Load(images[i].Path))
            {
                items[i] = AuditItem.FromFaces(images[i].Label, images[i].Path, analyzer.Analyze(image), image.Width, image.Height);
            }

            progress?.Report(i + 1);
        }

        return Audit(items, options);
    }
}
