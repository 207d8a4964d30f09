namespace FaceMetric;

/// <summary>Which face detector and landmark model a <see cref="FaceAnalyzer"/> puts in front of the shared alignment and network.</summary>
public enum FaceFrontEnd
{
    /// <summary>
    /// face-api.js's SSD MobileNet v1 detector and 68-point landmark net, both shipped as ONNX (MIT). Finds turned and
    /// small faces; its boxes and landmarks differ from those dlib's descriptors were trained on (LFW View 1 DevTest
    /// 97.90% here, dlib's pipeline 99.00%), and it misses many tightly cropped faces.
    /// </summary>
    FaceApi = 0,

    /// <summary>
    /// dlib's own front end: its HOG face detector (<see cref="Detection.HogFaceDetector"/>, shipped) and its 68-point
    /// shape predictor (<see cref="Landmarks.DlibShapePredictor"/>, dlib's <c>shape_predictor_68_face_landmarks.dat</c>,
    /// not shipped: Debian's <c>libdlib-data</c> installs it). With it the whole pipeline is dlib's, and descriptors match
    /// dlib's own (LFW View 1 DevTest 99.00%, as dlib's pipeline). HOG misses strongly turned faces.
    /// </summary>
    Dlib = 1,

    /// <summary>
    /// The default: only shipped models, chips cut as dlib's pipeline cuts them. dlib's HOG detector (dlib's CNN
    /// detector where HOG finds no face: <see cref="FaceDetectorKind.HogThenCnn"/>) and face-api.js's 68-point net with
    /// its points corrected toward dlib's (<see cref="LandmarkModelKind.FaceApi68DlibCorrected"/>). See the README for
    /// LFW figures beside the other two.
    /// </summary>
    DlibCompatible = 2,
}
