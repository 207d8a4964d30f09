using FaceMetric.Detection.Hog;
using FaceMetric.Evaluation;
using FaceMetric.Identification;
using FaceMetric.Imaging;
using FaceMetric.Imaging.Jpeg;
using FaceMetric.Landmarks;

namespace FaceMetric.Fuzz;

/// <summary>
/// One fuzz target per reader of untrusted bytes. Each runs its reader on one input and enforces the invariant: the
/// reader returns, or throws its one documented typed exception; anything else (another exception, an allocation over
/// the bound) escapes as a crash. Hangs are bounded by the fuzzer's time-out. Shared by the AFL driver
/// (<c>Program</c>) and the xunit corpus replay (tests/FaceMetric.Tests/Fuzz), so CI checks the same invariants.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The targets, by name.</summary>
    public static readonly string[] Names = ["jpeg", "image", "gallery", "hog", "shape", "pairs"];

    /// <summary>Most bytes one input may allocate on the managed heap (inputs are at most 1 MB).</summary>
    public const long AllocationBound = 512L * 1024 * 1024;

    /// <summary>Runs <paramref name="target"/> on <paramref name="data"/>.</summary>
    /// <param name="target">One of <see cref="Names"/>.</param>
    /// <param name="data">The input.</param>
    /// <param name="scratchFile">A file the path-based readers may write the input to.</param>
    /// <exception cref="FuzzInvariantException">The reader broke its contract in a way no exception shows.</exception>
    public static void Run(string target, byte[] data, string scratchFile)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        switch (target)
        {
            case "jpeg":
                Jpeg(data);
                break;
            case "image":
                Image(data);
                break;
            case "gallery":
                File.WriteAllBytes(scratchFile, data);
                Expect<FaceGalleryFormatException>(() => FaceGallery.Load(scratchFile).Dispose());
                break;
            case "hog":
                File.WriteAllBytes(scratchFile, data);
                Expect<FaceModelException>(() => HogModel.Load(scratchFile));
                break;
            case "shape":
                File.WriteAllBytes(scratchFile, data);
                Expect<FaceModelException>(() => new DlibShapePredictor(scratchFile).Dispose());
                break;
            case "pairs":
                Expect<PairsFileException>(() => PairsProtocol.Parse(new StringReader(System.Text.Encoding.UTF8.GetString(data)), "/nonexistent-images"));
                break;
            default:
                throw new ArgumentException($"unknown target '{target}' (one of {string.Join(", ", Names)})", nameof(target));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > AllocationBound)
        {
            throw new FuzzInvariantException($"{target}: {allocated} bytes allocated for a {data.Length}-byte input");
        }
    }

    // The libjpeg-exact decoder never throws; a "decoder failure" rejection is a defect it caught in itself.
    private static void Jpeg(byte[] data)
    {
        using var image = LibjpegDecoder.TryDecode(data, out JpegRejectedException? rejection);
        if (rejection is not null && rejection.Message.StartsWith("decoder failure", StringComparison.Ordinal))
        {
            throw new FuzzInvariantException("jpeg: " + rejection.Message);
        }
    }

    private static void Image(byte[] data)
    {
        try
        {
            using var image = FaceImage.Load(data, new ImageLimits { AllowGif = true, AllowTiff = true });
        }
        catch (FaceImageException e) when (e.InnerException is not null && e.Message.Contains(e.InnerException.Message, StringComparison.Ordinal)
                                            && e.InnerException is not SixLabors.ImageSharp.ImageFormatException and not InvalidDataException)
        {
            // A defect inside ImageSharp (NullReferenceException...) must reach the caller typed and without its message.
            throw new FuzzInvariantException("image: an internal exception's message leaked: " + e.Message, e);
        }
        catch (FaceImageException)
        {
            // The contract. (The first AFL run found ImageSharp throwing NullReferenceException and NotSupportedException
            // on crafted JPEGs; FaceImage wraps them as Corrupt: fuzz/crashes/image keeps those inputs.)
        }
    }

    private static void Expect<TException>(Action read)
        where TException : Exception
    {
        try
        {
            read();
        }
        catch (TException)
        {
        }
    }
}
