namespace FaceMetric.Alignment;

/// <summary>
/// The reference face layouts of dlib's <c>get_face_chip_details</c> (dlib 19.24, image_transforms/interpolation.h), in
/// the unit square of a chip without padding: x from the image's left to right, y from top to bottom.
/// </summary>
internal static class MeanFaceShape
{
    /// <summary>The first iBUG-68 point that has a template position (17, the first eyebrow point).</summary>
    public const int FirstIbugPoint = 17;

    /// <summary>dlib's average positions (x) of iBUG points 17 to 67.</summary>
    public static ReadOnlySpan<double> Ibug68X =>
    [
        0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124,
        0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036,
        0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918,
        0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
        0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
        0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874,
        0.553364, 0.490127, 0.42689,
    ];

    /// <summary>dlib's average positions (y) of iBUG points 17 to 67.</summary>
    public static ReadOnlySpan<double> Ibug68Y =>
    [
        0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891,
        0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326,
        0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733,
        0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099,
        0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
        0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746,
        0.784792, 0.824182, 0.831803, 0.824182,
    ];

    /// <summary>dlib's positions (x) of the 5-point layout.</summary>
    public static ReadOnlySpan<double> Dlib5X => [0.8595674595992, 0.6460604764104, 0.1205750620789, 0.3340850613712, 0.4901123135679];

    /// <summary>dlib's positions (y) of the 5-point layout.</summary>
    public static ReadOnlySpan<double> Dlib5Y => [0.2134981538014, 0.2289674387677, 0.2137274526848, 0.2290642403242, 0.6277975316475];

    /// <summary>
    /// Whether dlib's 68-point alignment uses iBUG point <paramref name="index"/>: it uses 27-54 (nose, eyes, upper
    /// mouth) and 60-64 (inner upper lip), ignoring the jaw, the eyebrows and the lower lip.
    /// </summary>
    public static bool UsesIbugPoint(int index) =>
        index >= FirstIbugPoint + 10 && !(index >= 55 && index <= 59) && !(index >= 65 && index <= 67);
}
