using FaceMetric.Detection;
using FaceMetric.Video.People;
using FaceMetric.Video.Tests.TestSupport;

namespace FaceMetric.Video.Tests.People;

/// <summary>Two faces of one frame are never the same person, and the nearer one keeps the person they both want.</summary>
[Collection(AnalyzerCollection.Name)]
public sealed class ConflictRuleTests(SharedAnalyzers analyzers)
{
    private float[] Describe(string file) =>
        analyzers.Default.Analyze(Imaging.FaceImage.Load(Path.Combine(VideoFixtures.Examples, file))).MaxBy(f => f.Detection.Width * f.Detection.Height)!.Descriptor.ToArray();

    [Fact]
    public void TwoFacesWantingOnePersonGetTwoPersons()
    {
        float[] lin = Describe("lin-manuel-miranda.png");
        var memory = new NeighborMemory(0.6f, 7, 0.15f);
        int linPerson = memory.NewPerson();
        memory.Add(lin, linPerson);

        // The same photo twice in one frame, the second copy slightly disturbed: both are nearest to Lin-Manuel Miranda.
        float[] disturbed = lin.Select((v, i) => v + (i % 2 == 0 ? 0.01f : -0.01f)).ToArray();
        var assigner = new FrameAssigner(memory, new VideoPeopleOptions());
        var faces = new List<(DetectedFace, float[], float)>
        {
            (new DetectedFace(0, 0, 50, 50, 0.9f), disturbed, 1f),
            (new DetectedFace(100, 0, 50, 50, 0.9f), lin, 1f),
        };

        FrameAssigner.Assignment[] result = assigner.Assign(faces, []);

        Assert.Equal(linPerson, result[1].Person);
        Assert.NotEqual(linPerson, result[0].Person);
        Assert.True(result[0].IsNew);
        Assert.Equal(2, memory.PersonCount);
    }

    [Fact]
    public void ContinuityNeverGivesOnePersonTwoFacesOfAFrame()
    {
        float[] lin = Describe("lin-manuel-miranda.png");
        float[] alex = Describe("alex-lacamoire.png");
        var memory = new NeighborMemory(0.6f, 7, 0.15f);
        int linPerson = memory.NewPerson();
        memory.Add(lin, linPerson);
        var assigner = new FrameAssigner(memory, new VideoPeopleOptions());
        var box = new DetectedFace(10, 10, 60, 60, 0.9f);

        // Alex's face where Lin-Manuel Miranda was a frame ago: the box is evidence, but Alex is far beyond 0.75.
        FrameAssigner.Assignment[] result = assigner.Assign([(box, alex, 1f), (new DetectedFace(200, 10, 60, 60, 0.9f), lin, 1f)], [(box, linPerson, lin)]);

        Assert.NotEqual(linPerson, result[0].Person);
        Assert.False(result[0].ByContinuity);
        Assert.Equal(linPerson, result[1].Person);
    }
}
