namespace FaceMetric.Video;

/// <summary>What ffprobe says about a video's primary video stream. Immutable value.</summary>
/// <param name="Width">Frame width in pixels as decoded (after the stream's rotation is applied), 1 or more.</param>
/// <param name="Height">Frame height in pixels as decoded, 1 or more.</param>
/// <param name="FrameRate">The stream's average frame rate (frames per second); 0 when the container does not say.</param>
/// <param name="Duration">The stream's (else the container's) duration; zero when unknown.</param>
/// <param name="DeclaredFrames">The frame count the container declares; null when it declares none.</param>
public sealed record VideoInfo(int Width, int Height, double FrameRate, TimeSpan Duration, long? DeclaredFrames);
