using FaceMetric.Metric;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Metric;

public sealed class MetricLossTests(ITestOutputHelper output)
{
    private const string AsymmetricCase = "random_n32_ids6_m0.1_t0.75";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string name in DlibLossCase.Names)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesDlibLossAndGradient(string name)
    {
        DlibLossCase c = DlibLossCase.Load(name);
        var loss = new MetricLoss(c.Margin, c.DistanceThreshold);
        var gradient = new float[c.Embeddings.Length];

        double value = loss.ComputeLossAndGradient(c.Embeddings, c.Dimension, c.Labels, gradient);

        // dlib's Gram comes from OpenBLAS sgemm, which is not bit-symmetric: in this one case a negative pair lying
        // exactly on the hard-negative cut is active as (6,31) but not as (31,6), because d[6][31] != d[31][6] in the
        // last bit. Our Gram is exactly symmetric, so the right answer for us is the reference's
        // symmetric_gram_variant: dlib's own loop run on the mirrored upper triangle (any BLAS with a symmetric Gram
        // gives it). Every other case makes the same decisions both ways, so there we compare with dlib's output.
        bool useSymmetric = name == AsymmetricCase;
        Assert.Equal(!useSymmetric, c.SameDecisionsAsDlib);
        double expectedLoss = useSymmetric ? c.SymmetricLoss : c.Loss;
        float[] expectedGradient = useSymmetric ? c.SymmetricGradient! : c.Gradient;

        double absoluteError = Math.Abs(value - expectedLoss);
        double gradientError = MaxAbsDifference(gradient, expectedGradient);
        output.WriteLine(
            $"{name}: loss {value:R} (dlib {expectedLoss:R}), absolute error {absoluteError:E2}, " +
            $"relative error {(expectedLoss == 0 ? 0 : absoluteError / expectedLoss):E2}, max |gradient error| {gradientError:E2}");

        if (expectedLoss == 0)
        {
            Assert.Equal(0.0, value);
            Assert.All(gradient, g => Assert.Equal(0f, g));
        }
        else
        {
            // 1e-6 relative, floored at 5e-7 absolute. The floor is dlib's own float noise: its distances come from
            // xx + yy − 2·xy on a float Gram (entries ≈ 2, squared distances ≈ 0.4), whose last bits depend on
            // OpenBLAS's kernel. Even an exact float64 transcription differs from dlib by up to 2.9e-7 (1.7e-5 relative
            // on bald24, whose loss is only 0.0019; reference numpy_check). Fed dlib's own Gram, the loss is
            // bit-identical on every case (OnDlibsOwnGramReproducesDlibExactly).
            double tolerance = Math.Max(1e-6 * expectedLoss, 5e-7);
            Assert.True(absoluteError <= tolerance, $"loss {value:R} vs {expectedLoss:R}");
        }

        Assert.True(gradientError <= 1e-6, $"max gradient error {gradientError:E3}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnDlibsOwnGramReproducesDlibExactly(string name)
    {
        // Fed dlib's own sgemm Gram (last-bit asymmetry included), everything after the Gram reproduces dlib bit for
        // bit: the loss is the identical double, including the one pair of random_n32_ids6_m0.1_t0.75 that is active
        // in one direction only. The gradient differs only by the summation order of grad_mul · embeddings.
        DlibLossCase c = DlibLossCase.Load(name);
        var loss = new MetricLoss(c.Margin, c.DistanceThreshold);
        var gradient = new float[c.Embeddings.Length];

        double value = loss.ComputeLossAndGradientFromGram(c.Embeddings, c.Dimension, c.Labels, c.DlibGram, gradient, new MetricLossWorkspace());

        double gradientError = MaxAbsDifference(gradient, c.Gradient);
        output.WriteLine($"{name} on dlib's Gram: loss {value:R} vs dlib {c.Loss:R}; max |gradient error| {gradientError:E2}");
        Assert.Equal(c.Loss, value);
        Assert.True(gradientError <= 1e-6, $"max gradient error {gradientError:E3}");
    }

    [Fact]
    public void TheAsymmetricCaseReallyDiffersBetweenDlibAndTheSymmetricVariant()
    {
        DlibLossCase c = DlibLossCase.Load(AsymmetricCase);
        Assert.True(MaxAbsDifference(c.SymmetricGradient!, c.Gradient) > 1e-3);
        Assert.True(Math.Abs(c.SymmetricLoss - c.Loss) > 5e-4);
    }

    [Theory]
    [InlineData("random_n32_ids4")]
    [InlineData("random_n32_ids5_iid_labelvals")]
    [InlineData("random_n32_pos_gt_neg")]
    [InlineData("bald24_m0.1_t0.75")]
    [InlineData("johns55_m0.1_t0.75")]
    [InlineData("ties_n32")]
    public void GradientIsHalfTheDerivativeOfTheLoss(string name)
    {
        // The loss sums over ordered pairs, so each unordered pair {r,c} is counted twice, as (r,c) and (c,r), and the
        // true derivative w.r.t. embedding r gets a contribution from both copies; dlib's gradient row r only gets the
        // (r,c) copy. Hence d(loss)/d(embeddings) = 2 × dlib's gradient: a central finite difference of the loss is
        // twice <gradient, displacement>.
        // The test moves one embedding at a time (the rows with the largest gradient), along its gradient and along a
        // random direction. The loss is a hinge, so a step must leave the set of active pairs as it is: the test takes
        // the largest step from 1e-2 down that does.
        DlibLossCase c = DlibLossCase.Load(name);
        var loss = new MetricLoss(c.Margin, c.DistanceThreshold);
        var workspace = new MetricLossWorkspace();
        var gradient = new float[c.Embeddings.Length];
        var scratch = new float[c.Embeddings.Length];
        loss.ComputeLossAndGradient(c.Embeddings, c.Dimension, c.Labels, gradient, workspace);
        bool[] activeSet = ActiveSet(workspace, c.N);

        var random = new Random(20240607);
        var ratios = new List<double>();
        IEnumerable<int> rowsByGradient = Enumerable.Range(0, c.N)
            .OrderByDescending(r => gradient.AsSpan(r * c.Dimension, c.Dimension).ToArray().Sum(g => (double)g * g));
        foreach (int row in rowsByGradient)
        {
            double[] gradientDirection = gradient.AsSpan(row * c.Dimension, c.Dimension).ToArray().Select(g => (double)g).ToArray();
            double[] randomDirection = Enumerable.Range(0, c.Dimension).Select(_ => random.NextDouble() - 0.5).ToArray();
            foreach (double[] direction in new[] { gradientDirection, randomDirection })
            {
                double norm = Math.Sqrt(direction.Sum(v => v * v));
                for (double step = 1e-2; step >= 1e-4; step /= 2)
                {
                    float[] plus = (float[])c.Embeddings.Clone();
                    float[] minus = (float[])c.Embeddings.Clone();
                    for (int k = 0; k < c.Dimension; k++)
                    {
                        int i = (row * c.Dimension) + k;
                        plus[i] = (float)(c.Embeddings[i] + (step * direction[k] / norm));
                        minus[i] = (float)(c.Embeddings[i] - (step * direction[k] / norm));
                    }

                    double lossPlus = loss.ComputeLossAndGradient(plus, c.Dimension, c.Labels, scratch, workspace);
                    bool samePlus = activeSet.AsSpan().SequenceEqual(ActiveSet(workspace, c.N));
                    double lossMinus = loss.ComputeLossAndGradient(minus, c.Dimension, c.Labels, scratch, workspace);
                    bool sameMinus = activeSet.AsSpan().SequenceEqual(ActiveSet(workspace, c.N));
                    if (samePlus && sameMinus)
                    {
                        // Use the displacement the floats really took, not the intended one.
                        double predicted = 0;
                        for (int i = row * c.Dimension; i < (row + 1) * c.Dimension; i++)
                        {
                            predicted += gradient[i] * ((double)plus[i] - minus[i]);
                        }

                        if (Math.Abs(predicted) < 1e-5)
                        {
                            break; // too small a change to rise above the loss's float noise (~5e-8)
                        }

                        double ratio = (lossPlus - lossMinus) / predicted;
                        ratios.Add(ratio);
                        output.WriteLine($"{name}: row {row}, step {step:E2}: finite difference / <gradient, displacement> = {ratio:F6}");
                        break;
                    }
                }
            }

            if (ratios.Count >= 10)
            {
                break;
            }
        }

        // Each ratio carries the float noise of the loss (its distances come from a float Gram: about 1e-6 per
        // distance) divided by the change, so single ratios scatter by a few tenths of a percent; their median is 2
        // to within 0.1%. A gradient equal to the derivative would give 1, one counting both directions 4.
        Assert.True(ratios.Count >= 10, $"only {ratios.Count} directions kept the active set");
        double median = ratios.Order().ElementAt(ratios.Count / 2);
        output.WriteLine($"{name}: median ratio {median:F6} over {ratios.Count} directions");
        Assert.All(ratios, r => Assert.InRange(r, 1.99, 2.01));
        Assert.InRange(median, 1.998, 2.002);
    }

    /// <summary>Which ordered pairs the last call found active (non-zero off-diagonal grad_mul).</summary>
    private static bool[] ActiveSet(MetricLossWorkspace workspace, int n)
    {
        var active = new bool[n * n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                active[(r * n) + c] = r != c && workspace.GradientWeights[(r * n) + c] != 0;
            }
        }

        return active;
    }

    [Fact]
    public void NoPositiveBeyondMarginOnlyTheHardNegativesCount()
    {
        // a,b (label 0) are 0.5 apart < t − m = 0.56: no positive loss. c,d (label 1) likewise.
        // Negatives: a–c and b–d at 0.625, a–d and b–c at sqrt(0.640625) ≈ 0.80. P = 2 so the cut is the 2nd smallest
        // negative distance, 0.625, and both 0.625 pairs are active in both directions (4 ordered pairs).
        float[] e = [0, 0, 0.5f, 0, 0, 0.625f, 0.5f, 0.625f];
        int[] labels = [0, 0, 1, 1];
        var gradient = new float[e.Length];

        double value = new MetricLoss().ComputeLossAndGradient(e, 2, labels, gradient);

        double scale = 0.5 / 2.0001;
        Assert.Equal(4 * scale * (0.64 - 0.625), value, 1e-7);

        // Row a: (scale/0.625)·(c − a) = (0, scale); each row is pushed along its one active negative.
        float[] expected = [0, (float)scale, 0, (float)scale, 0, -(float)scale, 0, -(float)scale];
        AssertClose(expected, gradient, 1e-7);
    }

    [Fact]
    public void PositivesBeyondMarginArePulledWithUnitVectors()
    {
        // a,b (label 0) and c,d (label 1) are 0.75 apart ≥ 0.56: active positives. Negatives are ≥ 2 > t + m.
        float[] e = [0, 0, 0.75f, 0, 0, 2, 0.75f, 2];
        int[] labels = [0, 0, 1, 1];
        var gradient = new float[e.Length];

        double value = new MetricLoss().ComputeLossAndGradient(e, 2, labels, gradient);

        double scale = 0.5 / 2.0001;
        Assert.Equal(4 * scale * (0.75 - 0.56), value, 1e-7);

        // Row a: (scale/0.75)·(a − b) = (−scale, 0): half of the derivative 2·scale·(a − b)/|a − b|.
        float[] expected = [-(float)scale, 0, (float)scale, 0, -(float)scale, 0, (float)scale, 0];
        AssertClose(expected, gradient, 1e-7);
    }

    [Fact]
    public void AllPairsOnTheRightSideGiveZeroLossAndGradient()
    {
        // Positives at 0.5 (< 0.56); negatives at 1 and sqrt(1.25) (> 0.64).
        float[] e = [0, 0, 0.5f, 0, 0, 1, 0.5f, 1];
        int[] labels = [3, 3, 9, 9];
        var gradient = Enumerable.Repeat(float.NaN, e.Length).ToArray();

        double value = new MetricLoss().ComputeLossAndGradient(e, 2, labels, gradient);

        Assert.Equal(0.0, value);
        Assert.All(gradient, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void EveryNegativeTiedWithTheCutIsKept()
    {
        // One positive pair (a,b at 0.5, inactive), so min(P, N) = 1 and the cut is the smallest negative distance,
        // 0.625. Two different pairs, a–c and b–d, sit exactly at 0.625 (all values are exact in float): both are
        // kept, in both directions, so 4 ordered negatives are active although only one is "asked for".
        float[] e = [0, 0, 0.5f, 0, 0, 0.625f, 0.5f, -0.625f];
        int[] labels = [0, 0, 1, 2];
        var gradient = new float[e.Length];

        double value = new MetricLoss().ComputeLossAndGradient(e, 2, labels, gradient);

        double scale = 0.5 / 1.0001;
        Assert.Equal(4 * scale * (0.64 - 0.625), value, 1e-7);
        float[] expected = [0, (float)scale, 0, -(float)scale, 0, -(float)scale, 0, (float)scale];
        AssertClose(expected, gradient, 1e-7);
    }

    [Fact]
    public void IdenticalEmbeddingsGiveFiniteValues()
    {
        // All four samples identical. Same-label pairs: distance 0 < t − m, inactive (no division by zero).
        // Different-label pairs: distance 0, all tied at the cut 0, all 8 ordered pairs active, each contributing
        // scale·(t + m); their coefficients divide by dlib's floor 0.001 instead of 0 and cancel exactly.
        float[] e = [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];
        int[] labels = [0, 0, 1, 1];
        var gradient = new float[e.Length];

        double value = new MetricLoss().ComputeLossAndGradient(e, 2, labels, gradient);

        Assert.Equal(8 * (0.5 / 2.0001) * 0.64, value, 1e-7);
        Assert.All(gradient, g => Assert.Equal(0f, g));
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, 0, 6)]
    [InlineData(new[] { 7, 7, 7, 7 }, 6, 0)]
    [InlineData(new[] { 5 }, 0, 0)]
    public void BatchWithoutBothPairKindsIsRejected(int[] labels, long positives, long negatives)
    {
        float[] e = Enumerable.Range(0, labels.Length * 3).Select(i => i * 0.1f).ToArray();
        var gradient = new float[e.Length];

        var ex = Assert.Throws<MetricBatchException>(() => new MetricLoss().ComputeLossAndGradient(e, 3, labels, gradient));

        Assert.IsAssignableFrom<FaceMetricException>(ex);
        Assert.Equal(positives, ex.PositivePairs);
        Assert.Equal(negatives, ex.NegativePairs);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var loss = new MetricLoss();
        float[] e = [0, 0, 1, 1, 2, 2];
        int[] labels = [0, 0, 1];
        var gradient = new float[6];

        Assert.Throws<ArgumentException>(() => loss.ComputeLossAndGradient(e, 4, labels, gradient));
        Assert.Throws<ArgumentException>(() => loss.ComputeLossAndGradient(e, 2, [0, 0], gradient));
        Assert.Throws<ArgumentException>(() => loss.ComputeLossAndGradient(e, 2, labels, new float[5]));
        Assert.Throws<ArgumentException>(() => loss.ComputeLossAndGradient(e, 2, labels, e));
        Assert.Throws<ArgumentException>(() => loss.ComputeLossAndGradient([], 2, [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => loss.ComputeLossAndGradient(e, 0, labels, gradient));
        float[] withNaN = [0, 0, 1, float.NaN, 2, 2];
        Assert.Throws<ArgumentException>(() => loss.ComputeLossAndGradient(withNaN, 2, labels, gradient));

        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricLoss(0f, 0.6f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricLoss(0.04f, -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricLoss(float.NaN, 0.6f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricLoss(0.6f, 0.6f));
    }

    [Fact]
    public void DefaultsAreDlibs()
    {
        var loss = new MetricLoss();
        Assert.Equal(0.04f, loss.Margin);
        Assert.Equal(0.6f, loss.DistanceThreshold);
    }

    [Fact]
    public void ReusedWorkspaceGivesTheSameAnswersWithoutAllocating()
    {
        DlibLossCase small = DlibLossCase.Load("johns_mb1_m0.1_t0.75");
        DlibLossCase large = DlibLossCase.Load("johns55_m0.1_t0.75");
        var loss = new MetricLoss(small.Margin, small.DistanceThreshold);
        var workspace = new MetricLossWorkspace();
        var fresh = new float[small.Embeddings.Length];
        var reused = new float[small.Embeddings.Length];
        var largeGradient = new float[large.Embeddings.Length];

        double expected = loss.ComputeLossAndGradient(small.Embeddings, 128, small.Labels, fresh);
        loss.ComputeLossAndGradient(large.Embeddings, 128, large.Labels, largeGradient, workspace);

        long before = GC.GetAllocatedBytesForCurrentThread();
        double again = loss.ComputeLossAndGradient(small.Embeddings, 128, small.Labels, reused, workspace);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expected, again);
        Assert.Equal(fresh, reused);
        Assert.Equal(0, allocated);
    }

    private static double MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }

        return max;
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        double error = MaxAbsDifference(expected, actual);
        Assert.True(error <= tolerance, $"max |difference| {error:E3} > {tolerance:E1}: [{string.Join(", ", actual)}]");
    }
}
