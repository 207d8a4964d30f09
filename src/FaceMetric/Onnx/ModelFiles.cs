namespace FaceMetric.Onnx;

/// <summary>
/// Where the shipped ONNX models are found: an explicit path wins; otherwise a <c>models</c> folder next to the
/// application (where the NuGet package and the projects copy them).
/// </summary>
internal static class ModelFiles
{
    public const string Recognition = "dlib_face_recognition_resnet_model_v1.onnx";

    public static string Resolve(string? explicitPath, string? modelDirectory, string fileName)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        string dir = !string.IsNullOrEmpty(modelDirectory) ? modelDirectory : Path.Combine(AppContext.BaseDirectory, "models");
        return Path.GetFullPath(Path.Combine(dir, fileName));
    }
}
