using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Detection;

/// <summary>
/// A detector whose calls can be held to a number of threads: the overlapped pipeline, which already runs one photo
/// per core, gives each photo its share instead of letting each call take the cores it sees free.
/// </summary>
internal interface IThreadBudgetedDetector : IFaceDetector
{
    /// <summary><see cref="IFaceDetector.Detect"/> on at most <paramref name="maxThreads"/> threads (1 or more); the same faces.</summary>
    IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image, int maxThreads);
}

/// <summary>Calls a detector within a thread budget where it takes one.</summary>
internal static class ThreadBudgetedDetection
{
    /// <summary>The detector's faces, on at most <paramref name="maxThreads"/> threads if it can be held to them.</summary>
    public static IReadOnlyList<DetectedFace> DetectWithin(this IFaceDetector detector, Image<Rgb24> image, int maxThreads) =>
        detector is IThreadBudgetedDetector budgeted ? budgeted.Detect(image, maxThreads) : detector.Detect(image);
}
