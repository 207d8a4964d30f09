using System.Text.RegularExpressions;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Packaging;

/// <summary>
/// The README's test command is the whole story: CI runs exactly it, and the test project itself fetches what the
/// tests need (tools/test-assets.sh), so nothing is installed behind the newcomer's back.
/// </summary>
public sealed partial class FreshCloneTests
{
    private static string Read(string relative) => File.ReadAllText(Path.Combine(Fixtures.RepoRoot, relative));

    /// <summary>The commands of the README's "The two commands" block, comments dropped.</summary>
    private static List<string> ReadmeCommands()
    {
        string readme = Read("README.md");
        int section = readme.IndexOf("## The two commands", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no 'The two commands' section");
        int open = readme.IndexOf("```bash\n", section, StringComparison.Ordinal) + "```bash\n".Length;
        int close = readme.IndexOf("```", open, StringComparison.Ordinal);
        return [.. readme[open..close].Split('\n').Select(l => Comment().Replace(l, string.Empty).Trim()).Where(l => l.Length > 0)];
    }

    [Fact]
    public void CiRunsTheReadmesTestCommandAndInstallsNothingItself()
    {
        string test = Assert.Single(ReadmeCommands(), c => c.StartsWith("dotnet test", StringComparison.Ordinal));
        string ci = string.Join('\n', Read(".ci/run").Split('\n').Where(l => !l.TrimStart().StartsWith('#'))); // code, not comments
        Assert.Contains(test + " ", ci, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"apt-get|npm |fetch-|test-assets", ci);
    }

    [Fact]
    public void TheTestProjectFetchesEveryNeedBeforeItsTests()
    {
        string targets = Read("tests/TestAssets.targets");
        Assert.Matches(@"<Target Name=""FetchTestAssets"" BeforeTargets=""VSTest""", targets);
        Assert.Contains("tools/test-assets.sh", targets, StringComparison.Ordinal);
        foreach (string project in new[] { "tests/FaceMetric.Tests/FaceMetric.Tests.csproj", "tests/FaceMetric.Video.Tests/FaceMetric.Video.Tests.csproj" })
        {
            Assert.Contains(@"<Import Project=""../TestAssets.targets"" />", Read(project), StringComparison.Ordinal);
        }

        // One function per need, and every function is run.
        string script = Read("tools/test-assets.sh");
        string[] defined = [.. NeedFunction().Matches(script).Select(m => m.Groups[1].Value)];
        string listed = NeedsList().Match(script).Groups[1].Value;
        Assert.Equal(["need_face_api", "need_dlib_shape_predictor", "need_ffmpeg"], defined);
        Assert.Equal(defined, listed.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [GeneratedRegex(@"\s#.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(need_\w+)\(\) \{", RegexOptions.Multiline)]
    private static partial Regex NeedFunction();

    [GeneratedRegex(@"^NEEDS=\(([^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex NeedsList();
}
