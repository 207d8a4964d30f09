namespace FaceMetric.ModelExport;

/// <summary>Exports every model FaceMetric ships from a face-api model folder.</summary>
internal static class ModelExporter
{
    public const string RecognitionFile = "dlib_face_recognition_resnet_model_v1.onnx";

    /// <summary>Writes the models into <paramref name="outDir"/>; returns (file name, sha256) per model.</summary>
    public static IReadOnlyList<(string File, string Sha256)> ExportAll(string faceApiModelDir, string outDir)
    {
        var written = new List<(string, string)>();
        string manifest = Path.Combine(faceApiModelDir, "face_recognition_model-weights_manifest.json");
        var model = RecognitionNetExporter.Build(
            TfjsWeights.Load(manifest),
            ExportedModel.Metadata(manifest, "dlib model: public domain (Davis King); face-api.js port: MIT; @vladmandic/face-api: MIT"));
        written.Add((RecognitionFile, ExportedModel.Write(model, Path.Combine(outDir, RecognitionFile))));
        return written;
    }
}
