using FaceMetric.Detection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Landmarks;

/// <summary>
/// Places landmark points on detected faces. Implement this to bring your own landmark model; FaceMetric ships
/// <see cref="OnnxLandmarkDetector"/> (68 points).
/// </summary>
/// <remarks>Implementations must be thread-safe: one instance is created once and shared.</remarks>
public interface ILandmarkDetector : IDisposable
{
    /// <summary>Finds the landmarks of several faces of one image in one batched call.</summary>
    /// <param name="image">The photo the faces were detected in; it is only read.</param>
    /// <param name="faces">The faces, in the image's pixel coordinates; may be empty.</param>
    /// <returns>One result per face, in order, with points in image pixels.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A face box has no pixel inside the image.</exception>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    IReadOnlyList<FaceLandmarks> Detect(Image<Rgb24> image, IReadOnlyList<DetectedFace> faces);

    /// <summary>Finds the landmarks of one face; the same as the batched call with one face.</summary>
    /// <param name="image">The photo the face was detected in; it is only read.</param>
    /// <param name="face">The face, in the image's pixel coordinates.</param>
    /// <returns>The landmarks, in image pixels.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="ArgumentException">The face box has no pixel inside the image.</exception>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    FaceLandmarks Detect(Image<Rgb24> image, DetectedFace face) => Detect(image, [face])[0];
}
