namespace FaceMetric;

/// <summary>Which landmark model a <see cref="FaceAnalyzer"/> runs (<see cref="FaceAnalyzerOptions.Landmarks"/>).</summary>
public enum LandmarkModelKind
{
    /// <summary>face-api.js's 68-point landmark net (<see cref="Landmarks.OnnxLandmarkDetector"/>, ONNX, shipped, MIT).</summary>
    FaceApi68 = 0,

    /// <summary>A dlib shape predictor file (<see cref="Landmarks.DlibShapePredictor"/>; not shipped, see <see cref="FaceAnalyzerOptions.ShapePredictor"/>).</summary>
    DlibShapePredictor = 1,

    /// <summary>
    /// face-api.js's 68-point net with each point moved by a fixed offset toward where dlib's own 68-point model puts it,
    /// in the frame of dlib's face chip (136 constants fitted on LFW View 1 DevTrain; shipped, no extra model file), so
    /// that chips are cut as dlib's descriptors expect. The landmarks of <see cref="FaceFrontEnd.DlibCompatible"/>.
    /// </summary>
    FaceApi68DlibCorrected = 2,
}
