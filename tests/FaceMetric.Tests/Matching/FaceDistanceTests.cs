using FaceMetric.Embedding;
using FaceMetric.Matching;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Matching;

/// <summary>The distance kernels against a naive double-precision computation.</summary>
public sealed class FaceDistanceTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void OneToOneAgreesWithDoublePrecisionOnRealDescriptors()
    {
        (_, List<FaceDescriptor> johns) = ReferenceData.ReadDescriptors("johns55_t06");
        (_, List<FaceDescriptor> real) = ReferenceData.ReadDescriptors("real44_t06");

        foreach (FaceDescriptor a in johns)
        {
            foreach (FaceDescriptor b in real.Concat(johns))
            {
                double expected = NaiveDistance(a.Values, b.Values);
                Assert.InRange(FaceDistance.Euclidean(a, b), expected - Tolerance, expected + Tolerance);
                Assert.Equal(FaceDistance.Euclidean(a, b), FaceDistance.Euclidean(a.Values, b.Values));
            }
        }
    }

    [Fact]
    public void OneToManyAgreesWithDoublePrecision()
    {
        (_, List<FaceDescriptor> real) = ReferenceData.ReadDescriptors("real44_t06");
        float[] block = Flatten(real);
        float[] distances = new float[real.Count + 3];
        distances.AsSpan(real.Count).Fill(-7f);

        foreach (FaceDescriptor query in real)
        {
            FaceDistance.OneToMany(query.Values, block, distances);
            for (int i = 0; i < real.Count; i++)
            {
                Assert.Equal(NaiveDistance(query.Values, real[i].Values), distances[i], Tolerance);
            }

            Assert.All(distances[real.Count..], d => Assert.Equal(-7f, d));
        }
    }

    [Fact]
    public void ManyToManyAgreesWithDoublePrecisionIncludingIdenticalAndNearPairs()
    {
        // Real descriptors against themselves (zero diagonal, same-person pairs where the norm identity cancels)
        // plus the other real set, and tiny perturbations of them (distances ~1e-3).
        (_, List<FaceDescriptor> johns) = ReferenceData.ReadDescriptors("johns55_t06");
        (_, List<FaceDescriptor> real) = ReferenceData.ReadDescriptors("real44_t06");
        var random = new Random(11);
        List<FaceDescriptor> perturbed = johns.Select(d => new FaceDescriptor(d.Values.ToArray().Select(v => v + (float)((random.NextDouble() - 0.5) * 2e-4)).ToArray())).ToList();
        List<FaceDescriptor> first = [.. johns, .. real];
        List<FaceDescriptor> second = [.. johns, .. perturbed, .. real];

        AssertManyToManyMatchesNaive(Flatten(first), Flatten(second), FaceDescriptor.Length);
    }

    [Theory]
    [InlineData(1, 1, 128)]
    [InlineData(3, 5, 128)]
    [InlineData(67, 259, 128)] // crosses the 64 x 256 tile boundaries, odd remainders for the 2 x 4 micro-kernel
    [InlineData(130, 513, 128)]
    [InlineData(9, 11, 13)] // a dimension the vector kernel cannot take: the fallback path
    [InlineData(5, 7, 24)]
    public void ManyToManyAgreesWithDoublePrecisionOnRandomBlocks(int n, int m, int dimension)
    {
        var random = new Random((n * 1000) + m);
        float[] a = RandomDescriptorLike(random, n, dimension);
        float[] b = RandomDescriptorLike(random, m, dimension);

        AssertManyToManyMatchesNaive(a, b, dimension);
    }

    [Fact]
    public void EmptyBlocksAreFine()
    {
        float[] destination = [42f];
        FaceDistance.ManyToMany([], new float[128], 128, destination);
        FaceDistance.OneToMany(new float[128], [], destination);

        Assert.Equal(42f, destination[0]);
    }

    [Fact]
    public void BadShapesThrow()
    {
        float[] q = new float[128];
        Assert.Throws<ArgumentException>(() => FaceDistance.Euclidean(q, new float[127]));
        Assert.Throws<ArgumentException>(() => FaceDistance.Euclidean([], []));
        Assert.Throws<ArgumentException>(() => FaceDistance.OneToMany(q, new float[200], new float[2]));
        Assert.Throws<ArgumentException>(() => FaceDistance.OneToMany(q, new float[256], new float[1]));
        Assert.Throws<ArgumentException>(() => FaceDistance.OneToMany([], new float[256], new float[2]));
        Assert.Throws<ArgumentException>(() => FaceDistance.ManyToMany(new float[256], new float[384], 128, new float[5]));
        Assert.Throws<ArgumentException>(() => FaceDistance.ManyToMany(new float[250], new float[384], 128, new float[6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FaceDistance.ManyToMany(q, q, 0, new float[1]));
        Assert.Throws<ArgumentNullException>(() => FaceDistance.Euclidean(null!, FaceDescriptor.FromArray(q)));
    }

    private static void AssertManyToManyMatchesNaive(float[] a, float[] b, int dimension)
    {
        int n = a.Length / dimension;
        int m = b.Length / dimension;
        float[] distances = new float[n * m];
        FaceDistance.ManyToMany(a, b, dimension, distances);

        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double expected = NaiveDistance(a.AsSpan(i * dimension, dimension), b.AsSpan(j * dimension, dimension));
                worst = Math.Max(worst, Math.Abs(expected - distances[(i * m) + j]));
            }
        }

        Assert.InRange(worst, 0, Tolerance);
    }

    /// <summary>Rows like dlib descriptors: a shared offset plus per-row noise, norms around 1.4.</summary>
    private static float[] RandomDescriptorLike(Random random, int count, int dimension)
    {
        float[] rows = new float[count * dimension];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = (float)((0.08 * ((i % dimension) % 3 - 1)) + (0.12 * ((random.NextDouble() * 2) - 1)));
        }

        return rows;
    }

    private static double NaiveDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double d = (double)a[k] - b[k];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }

    private static float[] Flatten(List<FaceDescriptor> descriptors) => descriptors.SelectMany(d => d.ToArray()).ToArray();
}
