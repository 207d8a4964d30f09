using System.Numerics;
using FaceMetric.Detection;
using FaceMetric.Landmarks;
using FaceMetric.Video.People;
using FaceMetric.Video.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Video.Tests.People;

/// <summary>
/// The rules that keep k-NN over assigned faces from chaining (measured on the Hamilton clip every 5th frame): doubtful
/// matches are not remembered, box continuity stops at shot cuts, profiles are told by the jaw as well as the eyes.
/// </summary>
public sealed class AssignerRuleTests
{
    /// <summary>A 128-d descriptor at exactly <paramref name="distance"/> from <see cref="At(float)"/>(0).</summary>
    private static float[] At(float distance)
    {
        var d = new float[128];
        d[0] = distance;
        return d;
    }

    private static readonly DetectedFace Left = new(0, 0, 50, 50, 0.9f);

    [Fact]
    public void AFaceThatJoinsBeyondRememberDistanceIsAssignedButNotRemembered()
    {
        var memory = new NeighborMemory(0.6f, 7, 0.15f);
        int p = memory.NewPerson();
        memory.Add(At(0), p);
        var assigner = new FrameAssigner(memory, new VideoPeopleOptions());

        FrameAssigner.Assignment doubtful = Assert.Single(assigner.Assign([(Left, At(0.55f), 1f)], []));
        Assert.Equal(p, doubtful.Person);
        Assert.Equal(1, memory.StoredFaces);

        FrameAssigner.Assignment confident = Assert.Single(assigner.Assign([(Left, At(0.3f), 1f)], []));
        Assert.Equal(p, confident.Person);
        Assert.Equal(2, memory.StoredFaces);
    }

    [Fact]
    public void TheChainThroughADoubtfulFaceIsBroken()
    {
        // Person A at 0; a face at 0.55 joins A; a third face at 1.1 from A (0.55 from the doubtful face) must not.
        var memory = new NeighborMemory(0.6f, 7, 0.15f);
        int a = memory.NewPerson();
        memory.Add(At(0), a);
        var assigner = new FrameAssigner(memory, new VideoPeopleOptions());
        Assert.Equal(a, Assert.Single(assigner.Assign([(Left, At(0.55f), 1f)], [])).Person);

        FrameAssigner.Assignment third = Assert.Single(assigner.Assign([(Left, At(1.1f), 1f)], []));

        Assert.True(third.IsNew);
        Assert.NotEqual(a, third.Person);
    }

    [Fact]
    public void ContinuityOverridesADoubtfulVoteButNotAConfidentOne()
    {
        var memory = new NeighborMemory(0.6f, 7, 0.15f);
        int p = memory.NewPerson();
        memory.Add(At(0), p);
        int q = memory.NewPerson();
        memory.Add(At(2), q);
        var assigner = new FrameAssigner(memory, new VideoPeopleOptions());
        float[] face = At(1.45f); // 0.55 from Q (doubtful), 0.65 from P's face in the previous frame (under 0.75)
        float[] previousOfP = At(0.8f);

        FrameAssigner.Assignment byBox = Assert.Single(assigner.Assign([(Left, face, 1f)], [(Left, p, previousOfP)]));
        Assert.Equal(p, byBox.Person);
        Assert.True(byBox.ByContinuity);

        FrameAssigner.Assignment byVote = Assert.Single(assigner.Assign([(Left, At(1.65f), 1f)], [(Left, p, At(1f))]));
        Assert.Equal(q, byVote.Person); // 0.35 from Q: a confident vote; P's previous face is 0.65 away
        Assert.False(byVote.ByContinuity);
    }

    [Fact]
    public void AProfileWithEyesPlacedSymmetricallyIsToldByItsJaw()
    {
        // The eye corners balanced about the nose tip (as face-api's net places them on a close profile), the jaw not.
        var points = new Vector2[68];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = new Vector2(50, 50);
        }

        points[30] = new Vector2(50, 60);
        points[36] = new Vector2(30, 40);
        points[45] = new Vector2(70, 40);
        points[0] = new Vector2(45, 40);
        points[16] = new Vector2(95, 40);
        Assert.Equal(0.111f, Frontality.Of(new FaceLandmarks(points)), 3);
        points[0] = new Vector2(10, 40);
        points[16] = new Vector2(90, 40);
        Assert.Equal(1f, Frontality.Of(new FaceLandmarks(points)), 3);
    }

    [Fact]
    public void TheClipsCutsAreCutsAndItsMotionIsNot()
    {
        using var folder = new TempFolder();
        string pattern = folder.File("f%03d.png");
        VideoFixtures.Ffmpeg($"-i \"{VideoFixtures.HamiltonClip}\" -vf \"select='between(n\\,18\\,21)+between(n\\,80\\,83)+between(n\\,209\\,212)+between(n\\,100\\,101)'\" -fps_mode passthrough \"{pattern}\"");
        var histograms = Directory.GetFiles(folder.Path, "f*.png").Order(StringComparer.Ordinal).Select(f =>
        {
            using Image<Rgb24> image = Image.Load<Rgb24>(f);
            return ShotCut.Histogram(image);
        }).ToArray();
        Assert.Equal(14, histograms.Length); // decoded frames 18-21, 80-83, 209-212, 100-101 in that order
        float threshold = new VideoPeopleOptions().ShotCutDifference;
        int[] cutsAt = [2, 6, 10]; // 19->20, 81->82, 210->211
        for (int i = 1; i < histograms.Length; i++)
        {
            if (i is 4 or 8 or 12)
            {
                continue; // between the groups
            }

            float difference = ShotCut.Difference(histograms[i], histograms[i - 1]);
            if (cutsAt.Contains(i))
            {
                Assert.True(difference > threshold, $"cut {i}: {difference}");
            }
            else
            {
                Assert.True(difference < threshold / 2, $"within a shot {i}: {difference}");
            }
        }
    }
}
