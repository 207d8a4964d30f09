using System.Text.Json;
using FaceMetric.Embedding;
using FaceMetric.Identification;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Identification;

/// <summary>Incremental identities over a stream of faces.</summary>
public sealed class IdentityTrackerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void JohnsStreamedInAnyOrderGiveFivePureIdentities(int shuffleSeed)
    {
        int[] order = Enumerable.Range(0, Johns.Faces.Length).ToArray();
        new Random(shuffleSeed).Shuffle(order);
        var tracker = new IdentityTracker();

        TrackedFace[] tracked = order.Select(i => tracker.Add(Johns.Faces[i])).ToArray();

        Assert.Equal(5, tracker.IdentityCount);
        Assert.Equal(55, tracker.FaceCount);
        AssertPure(order.Select(i => Johns.People[i]).ToArray(), tracker);
        for (int n = 0; n < tracked.Length; n++)
        {
            Assert.Equal(n, tracked[n].FaceIndex);
            bool firstOfPerson = order.Take(n).All(i => Johns.People[i] != Johns.People[order[n]]);
            Assert.Equal(firstOfPerson, tracked[n].IsNewIdentity);
            if (!firstOfPerson)
            {
                Assert.InRange(tracked[n].Distance, 0f, 0.56f);
            }
        }

        Assert.Equal(float.PositiveInfinity, tracked[0].Distance);
        Assert.Equal(0, tracked[0].Identity);
        Assert.All(tracked.Where(t => t.IsNewIdentity).Skip(1), t => Assert.True(t.Distance > 0.64f));
    }

    [Fact]
    public void Bald24GivesTheFourActors()
    {
        (_, List<FaceDescriptor> faces) = ReferenceData.ReadDescriptors("bald24_t06");
        using JsonDocument doc = ReferenceData.ReadLabels("bald24_t06");
        int[] truth = doc.RootElement.GetProperty("truth_identity").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var tracker = new IdentityTracker();

        foreach (FaceDescriptor face in faces)
        {
            tracker.Add(face);
        }

        Assert.Equal(4, tracker.IdentityCount);
        AssertPure(truth, tracker);
    }

    [Fact]
    public void FacesAreKeptNotAveraged()
    {
        // A chain along one axis: 0, 0.5, 1.0. The third face is 0.5 from the second, so it joins the identity.
        // A tracker that kept one mean per identity would see it 0.75 from the mean (0.25) and open a new one.
        var tracker = new IdentityTracker();

        TrackedFace a = tracker.Add(FaceGalleryTests.Axis(0, 0f));
        TrackedFace b = tracker.Add(FaceGalleryTests.Axis(0, 0.5f));
        TrackedFace c = tracker.Add(FaceGalleryTests.Axis(0, 1.0f));
        TrackedFace d = tracker.Add(FaceGalleryTests.Axis(1, 2.0f));

        Assert.Equal(new TrackedFace(0, 0, true, float.PositiveInfinity), a);
        Assert.Equal(new TrackedFace(1, 0, false, 0.5f), b);
        Assert.Equal(new TrackedFace(2, 0, false, 0.5f), c);
        Assert.True(d.IsNewIdentity);
        Assert.Equal(1, d.Identity);
        Assert.Equal([0, 1, 2], tracker.GetFaces(0));
        Assert.Equal([0, 0, 0, 1], tracker.GetAssignments());
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityTracker(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityTracker(neighbors: 0));
        var tracker = new IdentityTracker();
        Assert.Throws<ArgumentNullException>(() => tracker.Add(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.GetFaces(0));
        tracker.Add(Johns.Faces[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.GetFaces(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.GetFaces(-1));
    }

    /// <summary>Each identity holds one truth label, and each truth label one identity.</summary>
    private static void AssertPure<T>(IReadOnlyList<T> truthInStreamOrder, IdentityTracker tracker)
    {
        IReadOnlyList<int> assignments = tracker.GetAssignments();
        for (int identity = 0; identity < tracker.IdentityCount; identity++)
        {
            IReadOnlyList<int> faces = tracker.GetFaces(identity);
            Assert.Single(faces.Select(f => truthInStreamOrder[f]).Distinct());
            Assert.All(faces, f => Assert.Equal(identity, assignments[f]));
        }

        Assert.Equal(truthInStreamOrder.Distinct().Count(), tracker.IdentityCount);
    }
}
