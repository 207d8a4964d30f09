namespace FaceMetric.Detection.Cnn;

/// <summary>One of <c>mmod_options::detector_windows</c>: the box size (in the pyramid level's pixels) one output channel scores.</summary>
/// <param name="Width">Window width in pixels.</param>
/// <param name="Height">Window height in pixels.</param>
/// <param name="Label">The window's label ("" for dlib's face detector).</param>
internal sealed record MmodDetectorWindow(int Width, int Height, string Label);
