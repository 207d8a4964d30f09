using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Detection;

/// <summary>
/// Finds faces in a photo. Implement this to bring your own detector; FaceMetric ships <see cref="SsdFaceDetector"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe: one instance is created once and shared.</remarks>
public interface IFaceDetector : IDisposable
{
    /// <summary>Detects the faces in an image.</summary>
    /// <param name="image">The photo, RGB; it is only read.</param>
    /// <returns>The faces found, highest score first; empty when there are none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image);
}
