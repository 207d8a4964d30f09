using System.Text.Json;
using FaceMetric.Embedding;
using FaceMetric.Matching;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Matching;

/// <summary>dlib's same-person rule on dlib's bald_guys descriptors (4 actors x 6: 0 errors at 0.6).</summary>
public sealed class FaceMatcherTests
{
    [Fact]
    public void Bald24PairsAreDecidedWithoutErrorAtTheDefaultThreshold()
    {
        (_, List<FaceDescriptor> faces) = ReferenceData.ReadDescriptors("bald24_t06");
        using JsonDocument doc = ReferenceData.ReadLabels("bald24_t06");
        int[] truth = doc.RootElement.GetProperty("truth_identity").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var matcher = new FaceMatcher();
        int same = 0;
        int different = 0;

        for (int i = 0; i < faces.Count; i++)
        {
            for (int j = i + 1; j < faces.Count; j++)
            {
                FaceMatch match = matcher.Match(faces[i], faces[j]);
                Assert.Equal(truth[i] == truth[j], match.IsSamePerson);
                Assert.Equal(faces[i].DistanceTo(faces[j]), match.Distance);
                Assert.Equal(0.6f, match.Threshold);
                if (match.IsSamePerson)
                {
                    same++;
                }
                else
                {
                    different++;
                }
            }
        }

        Assert.Equal(4 * 15, same);
        Assert.Equal((24 * 23 / 2) - 60, different);
    }

    [Fact]
    public void TheRuleIsStrictlyBelowAndTheThresholdIsConfigurable()
    {
        Assert.Equal(FaceMatcher.DefaultThreshold, new FaceMatcher().Threshold);
        Assert.False(new FaceMatcher(0.6f).Match(0.6f).IsSamePerson);
        Assert.True(new FaceMatcher(0.6f).Match(0.59999996f).IsSamePerson);
        Assert.True(new FaceMatcher(0.7f).Match(0.65f).IsSamePerson);
        Assert.False(new FaceMatcher(0.5f).Match(0.55f).IsSamePerson);
        Assert.Equal(new FaceMatch(0.3f, 0.6f), new FaceMatcher().Match(0.3f));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.6f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void BadThresholdsAreRefused(float threshold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceMatcher(threshold));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceMatch(0.1f, threshold));
    }

    [Fact]
    public void BadDistancesAndNullsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceMatcher().Match(-0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceMatcher().Match(float.NaN));
        Assert.Throws<ArgumentNullException>(() => new FaceMatcher().Match(null!, FaceDescriptor.FromArray(new float[128])));
    }
}
