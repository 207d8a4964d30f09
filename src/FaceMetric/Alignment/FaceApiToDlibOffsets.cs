namespace FaceMetric.Alignment;

/// <summary>
/// The mean offset from face-api.js's 68 points to dlib's 68-point shape predictor's, per point, in the frame of dlib's
/// face chip (150 pixels, padding 0.25) that face-api's points define: fitted on the 3,418 LFW View 1 DevTrain faces
/// that dlib's HOG detector finds (HOG box, upsampled once, the face nearest the centre), never on DevTest or View 2.
/// Written by <c>tools/frontend-study</c> (<c>landmarks.cs</c>, <c>eval.cs bias --bias-out</c>, <c>offsets.py</c>);
/// used by <see cref="DlibCorrectedLandmarkDetector"/>.
/// </summary>
internal static class FaceApiToDlibOffsets
{
    /// <summary>Offsets along the chip's x axis, in chip pixels, iBUG order.</summary>
    public static ReadOnlySpan<float> X => [
        1.685113f, 0.769983f, -0.601102f, -0.754869f, -0.118761f, 0.969120f, 3.040090f, 4.076932f,
        0.798256f, -2.194155f, 0.086248f, 3.140965f, 4.514021f, 4.855510f, 4.984942f, 4.003302f,
        3.886068f, 0.397186f, 0.218676f, 1.268969f, 3.647213f, 6.281311f, -5.231586f, -2.161677f,
        0.634032f, 1.588822f, 2.094523f, 0.763905f, 0.632079f, 0.663941f, 0.869516f, -1.429687f,
        0.012967f, 0.908409f, 1.571190f, 2.968519f, 0.699965f, 1.507436f, 1.466918f, 1.306769f,
        0.202265f, 0.895940f, 0.999346f, 0.749805f, 0.340367f, 1.609009f, 1.147086f, 1.818426f,
        -0.773807f, -0.004388f, -0.663423f, 0.670454f, 2.808511f, 1.763956f, 2.467265f, 2.275695f,
        0.298260f, 0.815129f, 1.020937f, -0.330729f, 1.793093f, 1.495041f, 0.699574f, 0.798604f,
        0.571325f, 0.686308f, 0.491242f, 0.775525f];

    /// <summary>Offsets along the chip's y axis, in chip pixels, iBUG order.</summary>
    public static ReadOnlySpan<float> Y => [
        3.601627f, 3.327668f, 4.167167f, 6.864987f, 7.059252f, 9.061355f, 12.276522f, 12.878688f,
        10.647327f, 13.179583f, 11.845750f, 8.375782f, 7.111944f, 6.686857f, 4.291806f, 2.604942f,
        2.369605f, 5.656596f, 3.606881f, 2.784179f, 3.329069f, 4.786163f, 4.175046f, 2.596152f,
        2.451132f, 3.364815f, 5.348510f, -1.259915f, -2.066110f, -2.220211f, -0.974868f, 0.779413f,
        1.315022f, 2.219107f, 1.719829f, 0.490789f, 3.870030f, 2.091109f, 2.200694f, 3.123003f,
        1.947604f, 2.684239f, 2.868234f, 2.102579f, 2.027202f, 2.678597f, 1.756600f, 2.515764f,
        2.119608f, 1.286528f, 2.082413f, 2.528721f, 2.434841f, 0.869549f, 1.542533f, 3.562708f,
        3.566462f, 3.161476f, 3.563823f, 3.274923f, 2.233533f, 2.119565f, 2.642706f, 1.602610f,
        2.027051f, 2.788930f, 2.829853f, 2.560545f];
}
