using System.Diagnostics;
using FaceMetric.Fuzz;
using FaceMetric.Tests.TestSupport;
using Xunit;

namespace FaceMetric.Tests.Fuzz;

/// <summary>
/// The CI smoke run of issue 14's fuzzing (no AFL needed): every target's seed corpus (made from the fixtures), the
/// corpus the fuzzer grew (fuzz/corpus/TARGET) and every crash or hang it found (fuzz/crashes/TARGET, each a regression
/// input) go through the same target code as under AFL, with the same invariant: the documented typed exception or
/// nothing, no allocation over the bound, and a time bound per input.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    private static readonly Lazy<string> Seeds = new(() =>
    {
        string root = Path.Combine(Path.GetTempPath(), $"facemetric-fuzz-seeds-{Environment.ProcessId}");
        SeedCorpus.Write(Fixtures.RepoRoot, root);
        return root;
    });

    public static TheoryData<string> Targets() => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public void CorpusReplaysWithinTheInvariant(string target)
    {
        var inputs = new List<string>();
        foreach (string folder in new[]
                 {
                     Path.Combine(Seeds.Value, target),
                     Path.Combine(Fixtures.RepoRoot, "fuzz", "corpus", target),
                     Path.Combine(Fixtures.RepoRoot, "fuzz", "crashes", target),
                 })
        {
            if (Directory.Exists(folder))
            {
                inputs.AddRange(Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal));
            }
        }

        Assert.NotEmpty(inputs);
        string scratch = Path.Combine(Path.GetTempPath(), $"facemetric-fuzz-replay-{target}-{Environment.ProcessId}.bin");
        var failures = new List<string>();
        var total = Stopwatch.StartNew();
        foreach (string input in inputs)
        {
            var one = Stopwatch.StartNew();
            try
            {
                FuzzTargets.Run(target, File.ReadAllBytes(input), scratch);
            }
            catch (Exception e)
            {
                failures.Add($"{input}: {e.GetType().Name}: {e.Message}");
            }

            if (one.Elapsed > TimeSpan.FromSeconds(5))
            {
                failures.Add($"{input}: took {one.Elapsed.TotalSeconds:F1} s");
            }
        }

        File.Delete(scratch);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(total.Elapsed < TimeSpan.FromSeconds(60), $"replay took {total.Elapsed}");
    }
}
