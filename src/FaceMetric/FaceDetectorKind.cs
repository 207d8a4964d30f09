namespace FaceMetric;

/// <summary>Which face detector a <see cref="FaceAnalyzer"/> runs (<see cref="FaceAnalyzerOptions.Detector"/>).</summary>
public enum FaceDetectorKind
{
    /// <summary>face-api.js's SSD MobileNet v1 (<see cref="Detection.SsdFaceDetector"/>, ONNX, shipped, MIT).</summary>
    Ssd = 0,

    /// <summary>dlib's HOG frontal face detector (<see cref="Detection.HogFaceDetector"/>, ported bit for bit, shipped, Boost licence).</summary>
    Hog = 1,
}
