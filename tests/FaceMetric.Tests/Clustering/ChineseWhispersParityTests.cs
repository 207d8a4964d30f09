using System.Text.Json;
using FaceMetric.Clustering;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Clustering;

/// <summary>Chinese Whispers against dlib 19.24's own output (reference/dlib/cw): every case, every run.</summary>
public sealed class ChineseWhispersParityTests
{
    public static TheoryData<string, string> CasesAndRuns()
    {
        var data = new TheoryData<string, string>();
        foreach (string caseName in ReferenceData.CwCases)
        {
            foreach (string run in new[] { "default", "iter20", "seed_facemetric" })
            {
                data.Add(caseName, run);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndRuns))]
    public void LabelsAreIdenticalToDlib(string caseName, string runName)
    {
        (_, List<WeightedEdge> edges) = ReferenceData.ReadEdges(caseName);
        using JsonDocument doc = ReferenceData.ReadLabels(caseName);
        JsonElement run = doc.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("name").GetString() == runName);
        int iterations = run.GetProperty("num_iterations").GetInt32();
        string seed = run.GetProperty("rand_seed").GetString()!;
        int[] expected = run.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        ClusterResult result = iterations == ChineseWhispers.DefaultIterations && seed.Length == 0
            ? ChineseWhispers.Run(edges) // the defaults themselves must be dlib's
            : ChineseWhispers.Run(edges, iterations, seed);

        Assert.Equal(doc.RootElement.GetProperty("max_index_plus_one").GetInt32(), result.Labels.Count);
        Assert.Equal(expected, result.Labels);
        Assert.Equal(run.GetProperty("num_clusters").GetInt32(), result.ClusterCount);
    }

    [Fact]
    public void EdgeOrderAndDirectionDoNotMatter()
    {
        // syn2000's file is already shuffled with half of its pairs reversed; reverse the whole list and flip
        // every pair again: dlib normalises and sorts, so the labels must not move.
        (_, List<WeightedEdge> edges) = ReferenceData.ReadEdges("syn2000");
        List<WeightedEdge> flipped = edges.AsEnumerable().Reverse().Select(e => new WeightedEdge(e.Index2, e.Index1, e.Weight)).ToList();

        Assert.Equal(ChineseWhispers.Run(edges).Labels, ChineseWhispers.Run(flipped).Labels);
    }
}
