using FaceMetric.Evaluation;

namespace FaceMetric.Tests.Evaluation;

public sealed class ErrorBudgetTests
{
    [Fact]
    public void ThirtyPhotosAtDlibsLfwAccuracy()
    {
        // README example: 30 photos all-to-all are 435 pairs; at 99.38% per pair, P(at least one error) = 0.93.
        Assert.Equal(435, ErrorBudget.AllPairs(30));
        double p = ErrorBudget.ProbabilityOfAnyErrorAllToAll(0.9938, 30);

        Assert.Equal(0.93, Math.Round(p, 2));
        Assert.Equal(1 - Math.Pow(0.9938, 435), p, 1e-12);
    }

    [Theory]
    [InlineData(1e-10, 7)]
    [InlineData(9.094947017729282e-13, 3)] // 2^-40
    [InlineData(3e-15, 1000)]
    public void StaysAccurateWhenTheAnswerIsTiny(double nominalErrorRate, long n)
    {
        double accuracy = 1 - nominalErrorRate;
        double q = 1 - accuracy; // the error rate the double really holds (exact subtraction)
        // 1 - (1 - q)^n = nq - C(n,2)q^2 + C(n,3)q^3 - ...; the terms shrink by ~nq < 1e-8, three are plenty.
        double expected = (n * q) - (n * (n - 1) / 2.0 * q * q) + (n * (n - 1) * (n - 2) / 6.0 * q * q * q);

        double p = ErrorBudget.ProbabilityOfAnyError(accuracy, n);

        Assert.True(Math.Abs(p - expected) / expected < 1e-13, $"{p:R} vs {expected:R}");
    }

    [Fact]
    public void EdgeCases()
    {
        Assert.Equal(0, ErrorBudget.AllPairs(0));
        Assert.Equal(0, ErrorBudget.AllPairs(1));
        Assert.Equal(1, ErrorBudget.AllPairs(2));
        Assert.Equal(9_223_372_034_707_292_160L, ErrorBudget.AllPairs(4_294_967_296L));
        Assert.Equal(0, ErrorBudget.ProbabilityOfAnyError(0.9, 0));
        Assert.Equal(0, ErrorBudget.ProbabilityOfAnyError(1, 1_000_000));
        Assert.Equal(1, ErrorBudget.ProbabilityOfAnyError(0, 1));
        Assert.Equal(0.1, ErrorBudget.ProbabilityOfAnyError(0.9, 1), 15);
        Assert.Equal(1, ErrorBudget.ProbabilityOfAnyError(0.9938, 100_000_000), 15);

        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBudget.ProbabilityOfAnyError(1.1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBudget.ProbabilityOfAnyError(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBudget.ProbabilityOfAnyError(0.9, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBudget.AllPairs(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBudget.AllPairs(4_294_967_297L));
    }
}
