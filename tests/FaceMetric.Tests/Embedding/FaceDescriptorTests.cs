using System.Text.Json;
using FaceMetric.Embedding;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Embedding;

public sealed class FaceDescriptorTests
{
    private static float[] DlibDescriptor(int index) => ReferenceDescriptors.Load(TestFiles.Reference.EmbedAll)[index].Descriptor;

    [Fact]
    public void RoundTripsThroughFloatArrayAndJsonExactly()
    {
        float[] values = DlibDescriptor(0);
        var d = FaceDescriptor.FromArray(values);
        Assert.Equal(values, d.ToArray());
        var back = FaceDescriptor.FromJson(d.ToJson());
        Assert.Equal(d, back);
        Assert.Equal(d.GetHashCode(), back.GetHashCode());
        Assert.True(d == back);
    }

    [Fact]
    public void IsImmutableCopiesAreIndependent()
    {
        float[] values = DlibDescriptor(0);
        var d = new FaceDescriptor(values);
        values[0] = 42;
        d.ToArray()[1] = 42;
        Assert.NotEqual(42, d.Values[0]);
        Assert.NotEqual(42, d.Values[1]);
    }

    [Fact]
    public void DistanceIsEuclideanAndSymmetric()
    {
        var a = FaceDescriptor.FromArray(DlibDescriptor(0));
        var b = FaceDescriptor.FromArray(DlibDescriptor(1));
        double expected = Math.Sqrt(a.Values.ToArray().Zip(b.Values.ToArray(), (x, y) => (double)(x - y) * (x - y)).Sum());
        Assert.Equal(expected, a.DistanceTo(b), 5);
        Assert.Equal(a.DistanceTo(b), b.DistanceTo(a));
        Assert.Equal(0f, a.DistanceTo(a));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void RefusesWrongLengthsAndNonFiniteValues()
    {
        Assert.Throws<ArgumentException>(() => new FaceDescriptor(new float[127]));
        var nan = DlibDescriptor(0);
        nan[5] = float.NaN;
        Assert.Throws<ArgumentException>(() => new FaceDescriptor(nan));
        Assert.Throws<JsonException>(() => FaceDescriptor.FromJson("[1,2,3]"));
        Assert.Throws<JsonException>(() => FaceDescriptor.FromJson("{\"a\":1}"));
    }
}
