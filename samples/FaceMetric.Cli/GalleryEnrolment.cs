using FaceMetric.Embedding;
using FaceMetric.Identification;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Cli;

/// <summary>
/// How the CLI enrols photos into a gallery (<c>gallery enroll</c>, <c>identify --gallery KNOWN_DIR</c>): the largest
/// face of each photo under its label. A photo whose face is already enrolled under that label bit for bit is
/// skipped: the pipeline is deterministic, so enrolling the same photo again (with the same models and options) is a
/// no-op, and a gallery file can be topped up by re-running the same command.
/// </summary>
internal static class GalleryEnrolment
{
    /// <summary>What one enrolment run did.</summary>
    internal readonly record struct Counts(int Added, int AlreadyEnrolled, int WithoutFace);

    /// <summary>Enrols every photo in order; reports the number of photos done after each one.</summary>
    public static Counts Enroll(
        FaceGallery gallery,
        FaceAnalyzer analyzer,
        IReadOnlyList<(string Label, string Path)> photos,
        TextWriter stderr,
        Action<int> reportDone,
        CancellationToken cancellationToken)
    {
        int added = 0, already = 0, withoutFace = 0;
        for (int i = 0; i < photos.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (label, path) = photos[i];
            IReadOnlyList<AnalyzedFace> faces;
            using (Image<Rgb24> image = CliModels.Load(path))
            {
                try
                {
                    faces = analyzer.Analyze(image);
                }
                catch (Detection.ScanTooLargeException e)
                {
                    // As for a known photo that cannot be read: the gallery is not made from part of its photos.
                    throw CliException.BadInput($"{path}: {e.Message}");
                }
            }

            if (faces.Count == 0)
            {
                stderr.WriteLine($"facemetric: warning: {path}: no face found, not enrolled");
                withoutFace++;
            }
            else
            {
                FaceDescriptor descriptor = faces.MaxBy(f => (double)f.Detection.Width * f.Detection.Height)!.Descriptor;
                if (IsEnrolled(gallery, label, descriptor))
                {
                    already++;
                }
                else
                {
                    gallery.Enroll(label, descriptor);
                    added++;
                }
            }

            reportDone(i + 1);
        }

        return new Counts(added, already, withoutFace);
    }

    /// <summary>True when <paramref name="descriptor"/> is enrolled under <paramref name="label"/> bit for bit (distance 0).</summary>
    private static bool IsEnrolled(FaceGallery gallery, string label, FaceDescriptor descriptor)
    {
        if (gallery.CountOf(label) == 0)
        {
            return false;
        }

        // Identical descriptors sit at distance exactly 0; look past copies filed under other labels.
        foreach (GalleryNeighbor neighbor in gallery.Search(descriptor, Math.Min(gallery.Count, 16)))
        {
            if (neighbor.Distance > 0)
            {
                return false;
            }

            if (neighbor.Label == label)
            {
                return true;
            }
        }

        return false;
    }
}
