namespace FaceMetric.ModelExport;

/// <summary>Exports every model FaceMetric ships from a face-api model folder.</summary>
internal static class ModelExporter
{
    public const string RecognitionFile = "dlib_face_recognition_resnet_model_v1.onnx";
    public const string DetectorFile = "ssd_mobilenetv1_face.onnx";
    public const string LandmarksFile = "face_landmark_68.onnx";
    public const string CnnDetectorFile = "mmod_human_face_detector.onnx";

    /// <summary>The sha256 of dlib-models' <c>mmod_human_face_detector.dat</c> (the bunzip2'd release file).</summary>
    public const string MmodSourceSha256 = "be467b1a76f482693de3b0f6a1ff91d092319be71523d4d4b0628f6a53fcb87a";

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

    /// <summary>
    /// Writes dlib's MMOD face detector, read from <paramref name="mmodDatPath"/> (dlib's serialisation), as
    /// <see cref="CnnDetectorFile"/> in <paramref name="outDir"/>; returns (file name, sha256).
    /// </summary>
    /// <exception cref="FaceModelException">The file is not dlib's MMOD network (see MmodNetworkReader).</exception>
    public static (string File, string Sha256) ExportCnn(string mmodDatPath, string outDir)
    {
        byte[] bytes = File.ReadAllBytes(mmodDatPath);
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var net = FaceMetric.Detection.Cnn.MmodNetworkReader.Read(bytes, Path.GetFullPath(mmodDatPath));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source_file"] = "mmod_human_face_detector.dat (davisking/dlib-models @ fd81b63, bunzip2 of the .bz2)",
            ["source_sha256"] = sha,
            ["licence"] = "CC0 1.0 (dlib-models LICENSE; network and weights by Davis E. King)",
            ["exporter"] = "FaceMetric.ModelExport",
        };
        var model = CnnDetectorExporter.Build(net, metadata);
        return (CnnDetectorFile, ExportedModel.Write(model, Path.Combine(outDir, CnnDetectorFile)));
    }
}
