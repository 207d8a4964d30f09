using FaceMetric.Embedding;
using FaceMetric.Identification;
using FaceMetric.Matching;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Identification;

/// <summary>Enrolment, identification, search and removal on dlib's descriptors.</summary>
public sealed class FaceGalleryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(FaceGallery.DefaultNeighbors)]
    public void JohnsLeaveOneOutIdentifiesEveryFace(int k)
    {
        for (int probe = 0; probe < Johns.Faces.Length; probe++)
        {
            using var gallery = new FaceGallery();
            for (int i = 0; i < Johns.Faces.Length; i++)
            {
                if (i != probe)
                {
                    gallery.Enroll(Johns.People[i], Johns.Faces[i]);
                }
            }

            FaceIdentification result = gallery.Identify(Johns.Faces[probe], k);

            Assert.Equal(Johns.People[probe], result.Label);
            float nearestOwn = Enumerable.Range(0, Johns.Faces.Length)
                .Where(i => i != probe && Johns.People[i] == Johns.People[probe])
                .Min(i => FaceDistance.Euclidean(Johns.Faces[probe], Johns.Faces[i]));
            Assert.Equal(nearestOwn, result.Distance);
            Assert.InRange(result.Distance, 0f, 0.56f);
        }
    }

    [Fact]
    public void APersonWhoIsNotEnrolledIsUnknown()
    {
        string absent = Johns.People[0];
        using var gallery = new FaceGallery();
        for (int i = 0; i < Johns.Faces.Length; i++)
        {
            if (Johns.People[i] != absent)
            {
                gallery.Enroll(Johns.People[i], Johns.Faces[i]);
            }
        }

        for (int i = 0; i < Johns.Faces.Length; i++)
        {
            if (Johns.People[i] == absent)
            {
                FaceIdentification result = gallery.Identify(Johns.Faces[i]);
                Assert.True(result.IsUnknown);
                Assert.Null(result.Label);
                Assert.Equal(gallery.Search(Johns.Faces[i], 1)[0].Distance, result.Distance);
                Assert.True(result.Distance > 0.64f, $"nearest stranger at {result.Distance}");
            }
        }
    }

    [Fact]
    public void TheVoteIsSharpDistanceWeighting()
    {
        // Probe at the origin. A: one face at 0.30. B: three faces at 0.31. C: one face at 0.70 (beyond 0.6).
        // Weights exp(-(6d/0.6)^2): A = e^-9 = 1.23e-4; B = 3 e^-9.61 = 2.0e-4, so B outvotes A when all are
        // consulted, but not when B's faces are at 0.40 (3 e^-16 = 3.4e-7). C never votes.
        FaceDescriptor probe = Axis(0, 0f);
        using var gallery = new FaceGallery();
        gallery.Enroll("A", Axis(0, 0.30f));
        gallery.Enroll("B", [Axis(1, 0.31f), Axis(2, 0.31f), Axis(3, 0.31f)]);
        gallery.Enroll("C", [Axis(4, 0.70f), Axis(5, 0.70f), Axis(6, 0.70f), Axis(7, 0.70f)]);

        Assert.Equal(new FaceIdentification("A", 0.30f), gallery.Identify(probe, k: 1));
        Assert.Equal(new FaceIdentification("B", 0.31f), gallery.Identify(probe, k: 4));
        Assert.Equal(new FaceIdentification("B", 0.31f), gallery.Identify(probe, k: 8));

        using var farther = new FaceGallery();
        farther.Enroll("A", Axis(0, 0.30f));
        farther.Enroll("B", [Axis(1, 0.40f), Axis(2, 0.40f), Axis(3, 0.40f)]);
        Assert.Equal(new FaceIdentification("A", 0.30f), farther.Identify(probe, k: 4));

        using var onlyFar = new FaceGallery();
        onlyFar.Enroll("C", [Axis(4, 0.70f), Axis(5, 0.70f)]);
        Assert.Equal(new FaceIdentification(null, 0.70f), onlyFar.Identify(probe, k: 2));
    }

    [Fact]
    public void TheThresholdDecidesUnknown()
    {
        FaceDescriptor probe = Axis(0, 0f);
        using var strict = new FaceGallery(threshold: 0.3f);
        strict.Enroll("A", Axis(0, 0.35f));
        using var loose = new FaceGallery(threshold: 0.4f);
        loose.Enroll("A", Axis(0, 0.35f));

        Assert.True(strict.Identify(probe).IsUnknown);
        Assert.Equal("A", loose.Identify(probe).Label);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceGallery(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceGallery(float.NaN));
    }

    [Fact]
    public void SearchReturnsTheNearestFacesInOrderWithExactDistances()
    {
        using FaceGallery gallery = JohnsGallery();
        FaceDescriptor probe = Johns.Faces[20];

        IReadOnlyList<GalleryNeighbor> all = gallery.Search(probe, 100);
        IReadOnlyList<GalleryNeighbor> top5 = gallery.Search(probe, 5);

        Assert.Equal(55, all.Count);
        Assert.Equal(all.Take(5), top5);
        Assert.Equal(new GalleryNeighbor(Johns.People[20], 0f), all[0]);
        float[] expected = Johns.Faces.Select(f => FaceDistance.Euclidean(probe, f)).Order().ToArray();
        Assert.Equal(expected, all.Select(n => n.Distance));
        Assert.All(all.Take(11), n => Assert.Equal(Johns.People[20], n.Label));
        Assert.Throws<ArgumentOutOfRangeException>(() => gallery.Search(probe, 0));
    }

    [Fact]
    public void BatchedIdentifyGivesTheSameAnswersAsOneByOne()
    {
        List<ReferenceData.LfwRow> lfw = ReferenceData.ReadLfwView1();
        using var gallery = new FaceGallery();
        foreach (ReferenceData.LfwRow row in lfw.Where((_, i) => i % 2 == 0))
        {
            gallery.Enroll(row.Person, row.Descriptor);
        }

        // Probes: every image (half of them enrolled themselves, half not), more than one 64-probe block.
        FaceDescriptor[] probes = lfw.Select(r => r.Descriptor).ToArray();
        foreach (int k in new[] { 1, FaceGallery.DefaultNeighbors })
        {
            IReadOnlyList<FaceIdentification> batch = gallery.Identify(probes, k);

            Assert.Equal(probes.Length, batch.Count);
            for (int i = 0; i < probes.Length; i++)
            {
                Assert.Equal(gallery.Identify(probes[i], k), batch[i]);
            }
        }
    }

    [Fact]
    public void RemoveDeletesOneLabelAndKeepsTheRest()
    {
        using FaceGallery gallery = JohnsGallery();
        string removed = Johns.People[11];
        string[] labelsBefore = [.. gallery.GetLabels()];

        Assert.True(gallery.Remove(removed));
        Assert.False(gallery.Remove(removed));
        Assert.False(gallery.Remove("nobody"));

        Assert.Equal(44, gallery.Count);
        Assert.Equal(4, gallery.LabelCount);
        Assert.Equal(labelsBefore.Where(l => l != removed), gallery.GetLabels());
        Assert.Equal(0, gallery.CountOf(removed));
        for (int i = 0; i < Johns.Faces.Length; i++)
        {
            FaceIdentification result = gallery.Identify(Johns.Faces[i]);
            Assert.Equal(Johns.People[i] == removed ? null : Johns.People[i], result.Label);
        }

        gallery.Enroll(removed, Johns.Faces[11]);
        Assert.Equal(removed, gallery.GetLabels()[^1]);
        Assert.Equal(removed, gallery.Identify(Johns.Faces[12]).Label);
    }

    [Fact]
    public void CountsAndLabelsFollowEnrolment()
    {
        using FaceGallery gallery = JohnsGallery();

        Assert.Equal(55, gallery.Count);
        Assert.Equal(Johns.People.Distinct(), gallery.GetLabels());
        Assert.All(Johns.People.Distinct(), p => Assert.Equal(11, gallery.CountOf(p)));
        gallery.Enroll("empty", []);
        Assert.Equal(5, gallery.LabelCount);
    }

    [Fact]
    public void AnEmptyGalleryKnowsNobody()
    {
        using var gallery = new FaceGallery();

        Assert.Equal(new FaceIdentification(null, float.PositiveInfinity), gallery.Identify(Johns.Faces[0]));
        Assert.Empty(gallery.Search(Johns.Faces[0], 3));
        Assert.Equal([new FaceIdentification(null, float.PositiveInfinity)], gallery.Identify([Johns.Faces[0]]));
        Assert.Empty(gallery.Identify([]));
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        using var gallery = new FaceGallery();

        Assert.Throws<ArgumentNullException>(() => gallery.Enroll(null!, Johns.Faces[0]));
        Assert.Throws<ArgumentException>(() => gallery.Enroll(string.Empty, Johns.Faces[0]));
        Assert.Throws<ArgumentException>(() => gallery.Enroll("bad\uD800label", Johns.Faces[0]));
        Assert.Throws<ArgumentNullException>(() => gallery.Enroll("a", (FaceDescriptor)null!));
        Assert.Throws<ArgumentNullException>(() => gallery.Enroll("a", [Johns.Faces[0], null!]));
        Assert.Equal(0, gallery.Count);
        Assert.Throws<ArgumentNullException>(() => gallery.Identify((FaceDescriptor)null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => gallery.Identify(Johns.Faces[0], 0));
        Assert.Throws<ArgumentNullException>(() => gallery.Identify([null!]));
        Assert.Throws<ArgumentNullException>(() => gallery.CountOf(null!));
    }

    [Fact]
    public void ADisposedGalleryThrows()
    {
        FaceGallery gallery = JohnsGallery();
        gallery.Dispose();
        gallery.Dispose();

        Assert.Throws<ObjectDisposedException>(() => gallery.Identify(Johns.Faces[0]));
        Assert.Throws<ObjectDisposedException>(() => gallery.Enroll("x", Johns.Faces[0]));
    }

    internal static FaceGallery JohnsGallery()
    {
        var gallery = new FaceGallery();
        for (int i = 0; i < Johns.Faces.Length; i++)
        {
            gallery.Enroll(Johns.People[i], Johns.Faces[i]);
        }

        return gallery;
    }

    /// <summary>A descriptor with one non-zero component: its distance to the origin is |value|.</summary>
    internal static FaceDescriptor Axis(int axis, float value)
    {
        float[] values = new float[FaceDescriptor.Length];
        values[axis] = value;
        return new FaceDescriptor(values);
    }
}
