namespace FaceMetric.Detection.Cnn;

/// <summary>
/// What <see cref="CnnFaceDetector"/> needs besides the network itself, read from the exported model's metadata
/// (<see cref="MmodMetadata"/>): dlib's input layer settings and loss layer options. Immutable.
/// </summary>
/// <param name="Windows">Detector window sizes (width, height), one per output channel.</param>
/// <param name="NmsIou">overlaps_nms intersection-over-union threshold.</param>
/// <param name="NmsCovered">overlaps_nms percent-covered threshold.</param>
/// <param name="PyramidPadding">Pixels between pyramid levels in the tiled image.</param>
/// <param name="PyramidOuterPadding">Pixels around the tiled image.</param>
/// <param name="Means">Per-channel means (red, green, blue) subtracted before the division by 256.</param>
/// <param name="OutputScale">Output position p maps to input position p * scale + offset.</param>
/// <param name="OutputOffset">See <paramref name="OutputScale"/>.</param>
/// <param name="MinInputSize">The smallest tiled image side the network gives an output for.</param>
internal sealed record MmodSettings(
    IReadOnlyList<(int Width, int Height)> Windows,
    double NmsIou,
    double NmsCovered,
    int PyramidPadding,
    int PyramidOuterPadding,
    float[] Means,
    double OutputScale,
    double OutputOffset,
    int MinInputSize);
