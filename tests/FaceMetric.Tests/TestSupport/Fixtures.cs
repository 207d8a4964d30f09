namespace FaceMetric.Tests.TestSupport;

/// <summary>Locates test data copied under tests/FaceMetric.Tests/Fixtures (see Fixtures/PROVENANCE.md).</summary>
internal static class Fixtures
{
    /// <summary>The Fixtures folder as copied next to the test assembly.</summary>
    public static string Root { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Absolute path of a fixture file, e.g. <c>Path("dlib/cw/johns55_t06.edges.txt")</c>.</summary>
    public static string Path(string relative)
    {
        string full = System.IO.Path.Combine(Root, relative);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new FileNotFoundException($"Test fixture '{relative}' is missing under {Root}.", full);
        }

        return full;
    }

    /// <summary>The repository root (the folder holding FaceMetric.sln), found by walking up from the test assembly.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Path of a shipped model under models/.</summary>
    public static string Model(string fileName) => System.IO.Path.Combine(RepoRoot, "models", fileName);

    /// <summary>The shipped HOG detector model, loaded once for every test that scans with it.</summary>
    public static FaceMetric.Detection.Hog.HogModel HogModel => LoadedHogModel.Value;

    private static readonly Lazy<FaceMetric.Detection.Hog.HogModel> LoadedHogModel =
        new(() => FaceMetric.Detection.Hog.HogModel.Load(Model(FaceMetric.Detection.HogFaceDetector.DefaultModelFileName)));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FaceMetric.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FaceMetric.sln not found above " + AppContext.BaseDirectory);
    }
}
