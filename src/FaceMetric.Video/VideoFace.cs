using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Video;

/// <summary>A face thumbnail cut from a frame (the box with a margin, at most 150 pixels a side) and its detection.</summary>
/// <remarks>Owned by the <see cref="VideoPeopleResult"/> that holds it, which disposes the image.</remarks>
/// <param name="Detection">The face.</param>
/// <param name="Image">The thumbnail.</param>
public sealed record VideoFace(VideoDetection Detection, Image<Rgb24> Image);
