namespace FaceMetric.Benchmarks;

/// <summary>Finds the test fixtures (tests/FaceMetric.Tests/Fixtures) from wherever BenchmarkDotNet runs the benchmarks.</summary>
internal static class BenchmarkData
{
    public static string Fixtures { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FaceMetric.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "FaceMetric.Tests", "Fixtures");
            }
        }

        throw new InvalidOperationException("FaceMetric.sln not found above " + AppContext.BaseDirectory);
    }
}
