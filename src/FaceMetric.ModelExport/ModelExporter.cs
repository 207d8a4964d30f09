namespace FaceMetric.ModelExport;

/// <summary>Exports every model FaceMetric ships from a face-api model folder.</summary>
internal static class ModelExporter
{
    public const string RecognitionFile = "dlib_face_recognition_resnet_model_v1.onnx";
    public const string DetectorFile = "ssd_mobilenetv1_face.onnx";
    public const string LandmarksFile = "face_landmark_68.onnx";

    private const string FaceApiLicence = "face-api.js (Vincent Muehler): MIT; @vladmandic/face-api: MIT";

    /// <summary>Writes the models into <paramref name="outDir"/>; returns (file name, sha256) per model.</summary>
    public static IReadOnlyList<(string File, string Sha256)> ExportAll(string faceApiModelDir, string outDir)
    {
        var written = new List<(string, string)>();

        string manifest = Path.Combine(faceApiModelDir, "face_recognition_model-weights_manifest.json");
        var model = RecognitionNetExporter.Build(
            TfjsWeights.Load(manifest),
            ExportedModel.Metadata(manifest, "dlib model: public domain (Davis King); face-api.js port: MIT; @vladmandic/face-api: MIT"));
        written.Add((RecognitionFile, ExportedModel.Write(model, Path.Combine(outDir, RecognitionFile))));

        manifest = Path.Combine(faceApiModelDir, "ssd_mobilenetv1_model-weights_manifest.json");
        model = SsdMobileNetExporter.Build(TfjsWeights.Load(manifest), ExportedModel.Metadata(manifest, FaceApiLicence));
        written.Add((DetectorFile, ExportedModel.Write(model, Path.Combine(outDir, DetectorFile))));

        manifest = Path.Combine(faceApiModelDir, "face_landmark_68_model-weights_manifest.json");
        model = LandmarkNetExporter.Build(TfjsWeights.Load(manifest), ExportedModel.Metadata(manifest, FaceApiLicence));
        written.Add((LandmarksFile, ExportedModel.Write(model, Path.Combine(outDir, LandmarksFile))));

        return written;
    }
}
