namespace FaceMetric.Benchmarks;

/// <summary>Finds the repository (models, test fixtures) from wherever BenchmarkDotNet runs the benchmarks.</summary>
internal static class BenchmarkData
{
    /// <summary>The folder holding FaceMetric.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>tests/FaceMetric.Tests/Fixtures.</summary>
    public static string Fixtures { get; } = Path.Combine(RepoRoot, "tests", "FaceMetric.Tests", "Fixtures");

    /// <summary>The shipped models.</summary>
    public static string Models { get; } = Path.Combine(RepoRoot, "models");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FaceMetric.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FaceMetric.sln not found above " + AppContext.BaseDirectory);
    }
}
