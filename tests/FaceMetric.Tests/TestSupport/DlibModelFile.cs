using FaceMetric.Landmarks;

namespace FaceMetric.Tests.TestSupport;

/// <summary>
/// dlib's <c>shape_predictor_68_face_landmarks.dat</c> for the tests: Debian's installed copy
/// (<see cref="DlibShapePredictor.DebianModelPath"/>) when there is one, else the copy tools/test-assets.sh unpacks
/// from libdlib-data into the repository's .cache/dlib (the test project runs that script before its tests).
/// </summary>
internal static class DlibModelFile
{
    /// <summary>The model file to load; it may not exist when tools/test-assets.sh has not run.</summary>
    public static string Path { get; } = File.Exists(DlibShapePredictor.DebianModelPath)
        ? DlibShapePredictor.DebianModelPath
        : System.IO.Path.Combine(Fixtures.RepoRoot, ".cache", "dlib", "usr", "share", "dlib", "shape_predictor_68_face_landmarks.dat");

    /// <summary>Shape predictor options naming <see cref="Path"/>.</summary>
    public static ShapePredictorOptions Options => new() { Model = new() { FilePath = Path } };

    /// <summary>
    /// Points code that loads the model without a path (the CLI's <c>--front-end dlib</c>) at <see cref="Path"/>
    /// through <see cref="DlibShapePredictor.ModelPathVariable"/>. The value never changes, so setting it from
    /// parallel tests is harmless.
    /// </summary>
    public static void ExportForCodeWithoutAPath() =>
        Environment.SetEnvironmentVariable(DlibShapePredictor.ModelPathVariable, Path);
}
