using FaceMetric.Metric;

namespace FaceMetric.Tests.Metric;

public sealed class SelectionTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(17, 5)]
    [InlineData(1000, 7)]
    [InlineData(4096, 11)]
    public void KthSmallestAgreesWithSorting(int length, int seed)
    {
        var random = new Random(seed);
        // Few distinct values, so that ties (as at dlib's hard-negative cut) are frequent.
        float[] values = Enumerable.Range(0, length).Select(_ => random.Next(0, Math.Max(2, length / 8)) / 16f).ToArray();
        float[] sorted = values.Order().ToArray();

        for (int k = 0; k < length; k += Math.Max(1, length / 64))
        {
            float[] copy = (float[])values.Clone();
            Assert.Equal(sorted[k], Selection.KthSmallest(copy, k));
            Assert.Equal(sorted, copy.Order().ToArray()); // a permutation of the input
        }
    }
}
