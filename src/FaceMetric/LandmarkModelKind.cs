namespace FaceMetric;

/// <summary>Which landmark model a <see cref="FaceAnalyzer"/> runs (<see cref="FaceAnalyzerOptions.Landmarks"/>).</summary>
public enum LandmarkModelKind
{
    /// <summary>face-api.js's 68-point landmark net (<see cref="Landmarks.OnnxLandmarkDetector"/>, ONNX, shipped, MIT).</summary>
    FaceApi68 = 0,

    /// <summary>A dlib shape predictor file (<see cref="Landmarks.DlibShapePredictor"/>; not shipped, see <see cref="FaceAnalyzerOptions.ShapePredictor"/>).</summary>
    DlibShapePredictor = 1,
}
