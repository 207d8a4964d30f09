namespace FaceMetric;

/// <summary>Which face detector a <see cref="FaceAnalyzer"/> runs (<see cref="FaceAnalyzerOptions.Detector"/>).</summary>
public enum FaceDetectorKind
{
    /// <summary>face-api.js's SSD MobileNet v1 (<see cref="Detection.SsdFaceDetector"/>, ONNX, shipped, MIT).</summary>
    Ssd = 0,

    /// <summary>dlib's HOG frontal face detector (<see cref="Detection.HogFaceDetector"/>, ported bit for bit, shipped, Boost licence).</summary>
    Hog = 1,

    /// <summary>
    /// dlib's CNN (MMOD) face detector (<see cref="Detection.CnnFaceDetector"/>: dlib's network on ONNX Runtime, dlib's
    /// pyramid and decoding ported; shipped, CC0): finds turned and partly hidden faces HOG misses, at more cost.
    /// </summary>
    Cnn = 2,

    /// <summary>
    /// dlib's HOG detector, and dlib's CNN detector on the photos where HOG finds no face (turned faces, tight crops):
    /// HOG's speed on most photos, a face on nearly every photo that has one. The detector of
    /// <see cref="FaceFrontEnd.DlibCompatible"/>. Uses <see cref="FaceAnalyzerOptions.Hog"/> and
    /// <see cref="FaceAnalyzerOptions.Cnn"/>. A photo over either detector's scan limit is not refused: it is scanned at
    /// the largest upsampling that fits, or on a copy downscaled until it fits (see the options' <c>MaxScannedPixels</c>).
    /// </summary>
    HogThenCnn = 3,
}
