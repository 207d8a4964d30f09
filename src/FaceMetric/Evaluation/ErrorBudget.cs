namespace FaceMetric.Evaluation;

/// <summary>
/// What a per-comparison accuracy means at scale: the probability of at least one wrong decision among n independent
/// comparisons, <c>1 − pⁿ</c>, and the number of comparisons when every photo is compared with every other. With
/// dlib's 99.38% LFW accuracy, 30 photos compared all-to-all (435 pairs) go wrong somewhere with probability 0.93.
/// </summary>
/// <remarks>
/// The comparisons are assumed independent, which real all-to-all comparisons are not (a hard photo spoils all of its
/// pairs): read the figure as an order of magnitude. Computed as <c>−expm1(n·log1p(−(1 − p)))</c>, accurate to a few
/// units in the last place even when the answer is tiny (p close to 1, small n) where <c>1 − Math.Pow(p, n)</c>
/// loses every digit.
/// </remarks>
public static class ErrorBudget
{
    /// <summary>The probability of at least one wrong decision in <paramref name="comparisons"/> comparisons.</summary>
    /// <param name="accuracy">Probability p that one comparison is decided right, in [0, 1].</param>
    /// <param name="comparisons">Number of comparisons n, ≥ 0.</param>
    /// <returns><c>1 − pⁿ</c>, in [0, 1]; 0 when n = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1] or n is negative.</exception>
    public static double ProbabilityOfAnyError(double accuracy, long comparisons)
    {
        if (!(accuracy >= 0 && accuracy <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(accuracy), accuracy, "An accuracy lies in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(comparisons);
        if (comparisons == 0)
        {
            return 0;
        }

        if (accuracy == 0)
        {
            return 1;
        }

        double errorRate = 1 - accuracy; // exact for p in [0.5, 1] (Sterbenz)
        return Math.Clamp(-ExpM1(comparisons * Log1P(-errorRate)), 0, 1);
    }

    /// <summary>The number of distinct pairs among <paramref name="photos"/> photos, m(m − 1)/2.</summary>
    /// <param name="photos">Number of photos m, ≥ 0.</param>
    /// <returns>m(m − 1)/2.</returns>
    /// <exception cref="ArgumentOutOfRangeException">m is negative, or so large that the count overflows.</exception>
    public static long AllPairs(long photos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(photos);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(photos, 4_294_967_296L);
        return photos % 2 == 0 ? (photos / 2) * (photos - 1) : photos * ((photos - 1) / 2);
    }

    /// <summary>The probability of at least one wrong decision when <paramref name="photos"/> photos are compared
    /// all-to-all.</summary>
    /// <param name="accuracy">Per-comparison accuracy, in [0, 1].</param>
    /// <param name="photos">Number of photos, ≥ 0.</param>
    /// <returns><c>1 − p^(m(m−1)/2)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="ProbabilityOfAnyError"/> and <see cref="AllPairs"/>.</exception>
    public static double ProbabilityOfAnyErrorAllToAll(double accuracy, long photos) =>
        ProbabilityOfAnyError(accuracy, AllPairs(photos));

    /// <summary>log(1 + x) without cancellation for small x (Goldberg's correction; .NET's LogP1 is log(x + 1)).</summary>
    internal static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>exp(x) − 1 without cancellation for small x (Kahan's correction; .NET's ExpM1 is exp(x) − 1).</summary>
    internal static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        double um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }
}
