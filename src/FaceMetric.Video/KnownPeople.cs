using FaceMetric.Identification;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceMetric.Video;

/// <summary>
/// The people a video's faces may be named after: labelled descriptors from a <see cref="FaceGallery"/> or from a
/// folder of photos. Immutable.
/// </summary>
public sealed class KnownPeople
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff"];

    private KnownPeople(IReadOnlyList<(string Name, float[] Descriptor)> faces, IReadOnlyList<string> skipped)
    {
        Faces = faces;
        Skipped = skipped;
        Names = faces.Select(f => f.Name).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The distinct names, in order of first appearance.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Images in which no face was found (folder only), so nothing was enrolled from them.</summary>
    public IReadOnlyList<string> Skipped { get; }

    internal IReadOnlyList<(string Name, float[] Descriptor)> Faces { get; }

    /// <summary>Every face of a gallery, under its label (a consistent copy; the gallery may change afterwards).</summary>
    /// <param name="gallery">The gallery.</param>
    /// <returns>The known people.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gallery"/> is null.</exception>
    public static KnownPeople FromGallery(FaceGallery gallery)
    {
        ArgumentNullException.ThrowIfNull(gallery);
        (string[] labels, float[] rows) = gallery.Snapshot();
        int dimension = Embedding.FaceDescriptor.Length;
        var faces = new List<(string, float[])>(labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            faces.Add((labels[i], rows.AsSpan(i * dimension, dimension).ToArray()));
        }

        return new KnownPeople(faces, []);
    }

    /// <summary>
    /// The largest face of each photo in a folder: a sub-folder per person (the name is the sub-folder's) and/or image
    /// files directly in the folder (the name is the file's stem, e.g. <c>lin-manuel-miranda.png</c>).
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="analyzer">Finds and describes the faces.</param>
    /// <returns>The known people; photos without a face are listed in <see cref="Skipped"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="Imaging.FaceImageException">A photo cannot be decoded.</exception>
    /// <exception cref="ArgumentException">The folder holds no photo with a face.</exception>
    /// <remarks>A photo too large for the analyzer's detector is described from a copy halved until the detector takes it.</remarks>
    public static KnownPeople FromFolder(string folder, FaceAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(analyzer);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: no such folder");
        }

        var photos = new List<(string Name, string Path)>();
        foreach (string file in Directory.EnumerateFiles(folder).Where(IsImage).Order(StringComparer.Ordinal))
        {
            photos.Add((System.IO.Path.GetFileNameWithoutExtension(file), file));
        }

        foreach (string sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.EnumerateFiles(sub).Where(IsImage).Order(StringComparer.Ordinal))
            {
                photos.Add((System.IO.Path.GetFileName(sub), file));
            }
        }

        var faces = new List<(string, float[])>();
        var skipped = new List<string>();
        foreach ((string name, string path) in photos)
        {
            using Image<Rgb24> image = Imaging.FaceImage.Load(path);
            AnalyzedFace? largest = LargestFace(analyzer, image);
            if (largest is null)
            {
                skipped.Add(path);
            }
            else
            {
                faces.Add((name, largest.Descriptor.Values.ToArray()));
            }
        }

        if (faces.Count == 0)
        {
            throw new ArgumentException($"{folder}: no photo with a face (a sub-folder per person, or images named by person)", nameof(folder));
        }

        return new KnownPeople(faces, skipped);
    }

    /// <summary>
    /// The photo's largest face. A photo over the detector's scan limit (the video front end's CNN, upsampled once,
    /// refuses photos of about 2.8 megapixels and more) is described from a copy halved until the detector takes it:
    /// a known person's face is large, and only its descriptor is kept.
    /// </summary>
    private static AnalyzedFace? LargestFace(FaceAnalyzer analyzer, Image<Rgb24> image)
    {
        Image<Rgb24>? copy = null;
        try
        {
            while (true)
            {
                Image<Rgb24> current = copy ?? image;
                try
                {
                    return analyzer.Analyze(current).MaxBy(f => (double)f.Detection.Width * f.Detection.Height);
                }
                catch (Detection.ScanTooLargeException) when (current.Width > 1 && current.Height > 1)
                {
                    Image<Rgb24> half = current.Clone(c => c.Resize(current.Width / 2, current.Height / 2, KnownResamplers.Triangle));
                    copy?.Dispose();
                    copy = half;
                }
            }
        }
        finally
        {
            copy?.Dispose();
        }
    }

    private static bool IsImage(string path) => ImageExtensions.Contains(System.IO.Path.GetExtension(path).ToLowerInvariant());
}
