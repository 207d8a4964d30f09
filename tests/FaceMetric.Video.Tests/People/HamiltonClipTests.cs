using FaceMetric.Video.Tests.TestSupport;
using Xunit.Abstractions;

namespace FaceMetric.Video.Tests.People;

/// <summary>
/// face_recognition's video example, scored against a ground truth made by looking at the frames
/// (Fixtures/hamilton): who is named, where, and how often; k-NN side by side with one mean per person.
/// </summary>
public sealed class HamiltonClipTests(HamiltonRuns runs, ITestOutputHelper output) : IClassFixture<HamiltonRuns>
{
    private static readonly GroundTruth Truth = GroundTruth.Load();

    private async Task<HamiltonScore> Score(Task<VideoPeopleResult> run, string label)
    {
        VideoPeopleResult result = await run;
        HamiltonScore score = HamiltonScore.Of(result, Truth);
        output.WriteLine($"{label}: {score}");
        output.WriteLine($"{label}: Lin-Manuel Miranda precision {score.LinPrecision:F3} recall {score.LinRecall:F3}; people {score.People} ({score.Anonymous} anonymous) for {score.TruthIdentitiesSeen} identities seen");
        foreach (VideoPerson p in result.People)
        {
            output.WriteLine($"  {p.Id} {p.Name ?? "anonymous"}: {p.FaceCount} faces, {string.Join(", ", p.Segments.Select(s => $"{s.Start.TotalSeconds:F2}-{s.End.TotalSeconds:F2}"))}");
        }

        return score;
    }

    [Fact]
    public async Task LinManuelMirandaIsNamedInAtLeast95PercentOfHisFramesAndOnlyThere()
    {
        HamiltonScore score = await Score(runs.Known, "k-NN, known faces");
        Assert.True(score.LinPrecision >= 0.95, $"precision {score.LinPrecision:F3}");
        Assert.True(score.LinRecall >= 0.95, $"recall {score.LinRecall:F3} ({score.LinCorrectFrames} of {score.LinTruthFrames})");
    }

    [Fact]
    public async Task AlexLacamoireIsNamedAtThePianoAndNoFaceGetsAWrongName()
    {
        HamiltonScore score = await Score(runs.Known, "k-NN, known faces");
        Assert.Equal(score.AlexTruthFramesShot1, score.AlexNamedInShot1);
        Assert.Equal(0, score.WrongNames);
    }

    [Fact]
    public async Task ObamaIsNamedWhereverHeIsFoundWhenObamaJpgIsKnown()
    {
        VideoPeopleResult result = await runs.Known;
        var names = result.People.ToDictionary(p => p.Id, p => p.Name);
        var obama = result.Detections.Where(d => Truth.IdentityOf(d.Frame, d.Box) == "barack-obama").ToList();
        int audienceFrames = Enumerable.Range(211, 64).Count(f => f % 5 == 0);
        output.WriteLine($"Obama found in {obama.Select(d => d.Frame).Distinct().Count()} of {audienceFrames} audience frames, named in {obama.Count(d => names[d.PersonId] == "obama")}");
        Assert.True(obama.Select(d => d.Frame).Distinct().Count() >= audienceFrames - 1, "the CNN detector finds him in (nearly) every audience frame");
        Assert.All(obama, d => Assert.Equal("obama", names[d.PersonId]));
    }

    [Fact]
    public async Task TheAudienceIsAnonymous()
    {
        VideoPeopleResult result = await runs.Known;
        var names = result.People.ToDictionary(p => p.Id, p => p.Name);
        var audience = result.Detections.Where(d => d.Frame >= 211 && Truth.IdentityOf(d.Frame, d.Box) != "barack-obama").ToList();
        Assert.NotEmpty(audience);
        Assert.All(audience, d => Assert.Null(names[d.PersonId]));
    }

    [Fact]
    public async Task NoPersonSpansTwoTruthIdentitiesWithoutKnownFaces()
    {
        HamiltonScore score = await Score(runs.Unknown, "k-NN, no known faces");
        output.WriteLine(score.Spans);
        Assert.Equal(0, score.PeopleSpanningTwoIdentities);
        Assert.Equal(score.People, score.Anonymous);
    }

    [Fact]
    public async Task AveragingIsReportedBesideKnn()
    {
        HamiltonScore knn = await Score(runs.Known, "k-NN, known faces");
        HamiltonScore mean = await Score(runs.KnownAveraging, "one mean per person, known faces");
        output.WriteLine($"side by side: precision {knn.LinPrecision:F3} vs {mean.LinPrecision:F3}; recall {knn.LinRecall:F3} vs {mean.LinRecall:F3}; wrong names {knn.WrongNames} vs {mean.WrongNames}; people {knn.People} vs {mean.People}; spanning two identities {knn.PeopleSpanningTwoIdentities} vs {mean.PeopleSpanningTwoIdentities}");
        Assert.True(knn.WrongNames <= mean.WrongNames, $"k-NN {knn.WrongNames} wrong names, averaging {mean.WrongNames}");
    }
}
