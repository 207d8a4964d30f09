namespace FaceMetric.Detection.Cnn;

/// <summary>
/// dlib's MMOD detector network as <c>mmod_human_face_detector.dat</c> holds it (the <c>net_type</c> of dlib's
/// <c>dnn_mmod_face_detection_ex.cpp</c>): the input layer's settings (<c>input_rgb_image_pyramid&lt;pyramid_down&lt;6&gt;&gt;</c>),
/// the convolution stack from the input up, and the loss layer's options (<c>loss_mmod_</c>). Immutable once read.
/// </summary>
internal sealed class MmodNetwork
{
    public MmodNetwork(
        float averageRed,
        float averageGreen,
        float averageBlue,
        int pyramidPadding,
        int pyramidOuterPadding,
        IReadOnlyList<MmodConvLayer> layers,
        IReadOnlyList<MmodDetectorWindow> windows,
        double nmsIouThreshold,
        double nmsCoveredThreshold)
    {
        AverageRed = averageRed;
        AverageGreen = averageGreen;
        AverageBlue = averageBlue;
        PyramidPadding = pyramidPadding;
        PyramidOuterPadding = pyramidOuterPadding;
        Layers = layers;
        Windows = windows;
        NmsIouThreshold = nmsIouThreshold;
        NmsCoveredThreshold = nmsCoveredThreshold;
    }

    /// <summary>Subtracted from the red channel before the division by 256 (dlib: 122.782).</summary>
    public float AverageRed { get; }

    /// <summary>Subtracted from the green channel (dlib: 117.001).</summary>
    public float AverageGreen { get; }

    /// <summary>Subtracted from the blue channel (dlib: 104.298).</summary>
    public float AverageBlue { get; }

    /// <summary>Pixels between two pyramid levels in the tiled image (dlib's default 10).</summary>
    public int PyramidPadding { get; }

    /// <summary>Pixels around the tiled image (dlib's default 11).</summary>
    public int PyramidOuterPadding { get; }

    /// <summary>The convolutions, input side first.</summary>
    public IReadOnlyList<MmodConvLayer> Layers { get; }

    /// <summary>One detector window per output channel.</summary>
    public IReadOnlyList<MmodDetectorWindow> Windows { get; }

    /// <summary><c>overlaps_nms</c>'s intersection-over-union threshold.</summary>
    public double NmsIouThreshold { get; }

    /// <summary><c>overlaps_nms</c>'s percent-covered threshold.</summary>
    public double NmsCoveredThreshold { get; }
}
