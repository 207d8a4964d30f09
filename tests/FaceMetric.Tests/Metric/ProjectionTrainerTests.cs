using System.Globalization;
using FaceMetric.Metric;
using FaceMetric.Tests.TestSupport;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Metric;

public sealed class ProjectionTrainerTests(ITestOutputHelper output)
{
    /// <summary>dlib's 128-d descriptors of its 55 johns chips (5 people × 11), labelled by folder.</summary>
    private static (float[] Features, int[] Labels, string[] Names) LoadJohns()
    {
        string[] lines = File.ReadAllLines(Fixtures.Path(TestFiles.Reference.Johns55T06Desc));
        string[] header = lines[0].Split(' ');
        int n = int.Parse(header[0], CultureInfo.InvariantCulture);
        int d = int.Parse(header[1], CultureInfo.InvariantCulture);
        var features = new float[n * d];
        var labels = new int[n];
        var folders = new List<string>();
        for (int i = 0; i < n; i++)
        {
            string[] parts = lines[i + 1].Split(' ');
            string folder = parts[0].Split('/')[^2];
            if (!folders.Contains(folder))
            {
                folders.Add(folder);
            }

            labels[i] = folders.IndexOf(folder);
            for (int k = 0; k < d; k++)
            {
                features[(i * d) + k] = float.Parse(parts[k + 1], CultureInfo.InvariantCulture);
            }
        }

        return (features, labels, folders.ToArray());
    }

    private static float[] Identity(int d)
    {
        var w = new float[d * d];
        for (int i = 0; i < d; i++)
        {
            w[(i * d) + i] = 1;
        }

        return w;
    }

    /// <summary>dlib's stricter loss (margin 0.1 around 0.75), under which dlib's own descriptors of the johns still have
    /// a loss of about 0.1 (reference dlib/loss/johns55_m0.1_t0.75: 0.098).</summary>
    private static ProjectionTrainerOptions StrictJohns => new()
    {
        Margin = 0.1f,
        DistanceThreshold = 0.75f,
        PeoplePerBatch = 5,
        SamplesPerPerson = 6,
        BatchesPerEpoch = 4,
        LearningRate = 0.1,
        MaxEpochs = 60,
        HoldOut = ProjectionHoldOut.Samples,
        HeldOutFraction = 0.25,
        Seed = 42,
    };

    [Fact]
    public void OnJohnsTheStricterLossDecreasesAndHeldOutAccuracyDoesNotGetWorse()
    {
        // Real-data proxy for the 256 -> 128 fine-tuning: dlib's 128-d descriptors of 55 real face chips as features,
        // W initialised to the identity (so epoch 0 is dlib's own embedding), 3 of each person's 11 chips held out.
        (float[] features, int[] labels, _) = LoadJohns();
        var trainer = new ProjectionTrainer(StrictJohns);

        ProjectionTrainingResult result = trainer.Train(features, labels, Identity(128), 128);

        foreach (ProjectionEpoch e in result.History)
        {
            output.WriteLine($"epoch {e.Epoch,3} lr {e.LearningRate:G3} train {e.TrainLoss:F5} held-out {e.HeldOutLoss:F5} acc {e.HeldOutPairAccuracy:F4}{(e.IsBest ? " *" : "")}");
        }

        output.WriteLine($"best epoch {result.BestEpoch}, stop: {result.StopReason}");
        ProjectionEpoch initial = result.History[0];
        Assert.Equal(5, result.TrainingIdentities);
        Assert.Equal(5, result.HeldOutIdentities);
        Assert.InRange(initial.TrainLoss, 0.05, 0.2);
        Assert.True(result.BestEpoch > 0);
        Assert.True(result.Best.TrainLoss < 0.1 * initial.TrainLoss, $"train loss {initial.TrainLoss} -> {result.Best.TrainLoss}");
        Assert.True(result.Best.HeldOutLoss < 0.5 * initial.HeldOutLoss, $"held-out loss {initial.HeldOutLoss} -> {result.Best.HeldOutLoss}");
        Assert.True(result.Best.HeldOutPairAccuracy >= initial.HeldOutPairAccuracy);
        Assert.True(initial.HeldOutPairAccuracy < 1, "at 0.75 some held-out pairs start on the wrong side");

        // The returned weights are the best epoch's: re-measuring them gives the recorded held-out accuracy.
        float[] w = result.ToWeightArray();
        Assert.NotEqual(Identity(128), w);
        Assert.Equal(128 * 128, w.Length);
    }

    [Fact]
    public void IdentityHoldOutKeepsWholePeopleOut()
    {
        (float[] features, int[] labels, _) = LoadJohns();
        var options = StrictJohns with { HoldOut = ProjectionHoldOut.Identities, HeldOutFraction = 0.4, PeoplePerBatch = 3 };

        ProjectionTrainingResult result = new ProjectionTrainer(options).Train(features, labels, Identity(128), 128);

        Assert.Equal(3, result.TrainingIdentities);
        Assert.Equal(2, result.HeldOutIdentities);
        Assert.True(result.Best.HeldOutLoss <= result.History[0].HeldOutLoss);
        Assert.True(result.History.Count >= 2);
    }

    [Fact]
    public void SameSeedSameWeightsOtherSeedOtherWeights()
    {
        (float[] features, int[] labels, _) = LoadJohns();
        ProjectionTrainerOptions options = StrictJohns with { MaxEpochs = 5 };

        ProjectionTrainingResult a = new ProjectionTrainer(options).Train(features, labels, Identity(128), 128);
        ProjectionTrainingResult b = new ProjectionTrainer(options).Train(features, labels, Identity(128), 128);
        ProjectionTrainingResult c = new ProjectionTrainer(options with { Seed = 7 }).Train(features, labels, Identity(128), 128);

        Assert.Equal(a.ToWeightArray(), b.ToWeightArray());
        Assert.Equal(a.History, b.History);
        Assert.NotEqual(a.ToWeightArray(), c.ToWeightArray());
    }

    [Fact]
    public void ProgressReportsEveryEpochInOrder()
    {
        (float[] features, int[] labels, _) = LoadJohns();
        var reports = new List<ProjectionEpoch>();

        ProjectionTrainingResult result = new ProjectionTrainer(StrictJohns with { MaxEpochs = 6 })
            .Train(features, labels, Identity(128), 128, new SynchronousProgress<ProjectionEpoch>(reports.Add));

        Assert.Equal(result.History, reports);
        Assert.Equal(Enumerable.Range(0, reports.Count), reports.Select(r => r.Epoch));
        Assert.True(reports[0].IsBest);
    }

    [Fact]
    public void CancellationStopsTraining()
    {
        (float[] features, int[] labels, _) = LoadJohns();
        using var cts = new CancellationTokenSource();
        int reports = 0;
        var progress = new SynchronousProgress<ProjectionEpoch>(e =>
        {
            reports++;
            if (e.Epoch == 1)
            {
                cts.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(
            () => new ProjectionTrainer(StrictJohns).Train(features, labels, Identity(128), 128, progress, cts.Token));
        Assert.Equal(2, reports);
    }

    [Fact]
    public void LearningRateShrinksOnPlateauAndTrainingStopsBelowTheMinimum()
    {
        (float[] features, int[] labels, _) = LoadJohns();
        var options = StrictJohns with { PlateauEpochs = 1, EarlyStoppingEpochs = 50, MinLearningRate = 1e-4, MaxEpochs = 200 };

        ProjectionTrainingResult result = new ProjectionTrainer(options).Train(features, labels, Identity(128), 128);

        Assert.Equal(ProjectionStopReason.LearningRateBelowMinimum, result.StopReason);
        double[] rates = result.History.Select(e => e.LearningRate).Distinct().ToArray();
        Assert.Equal([0.1, 0.01, 0.001, 0.0001], rates.Select(r => Math.Round(r, 12)));
    }

    [Fact]
    public void WeightGradientIsFeaturesTransposedTimesEmbeddingGradient()
    {
        var random = new Random(3);
        const int rows = 7, inputs = 5, outputs = 3;
        float[] x = Enumerable.Range(0, rows * inputs).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] w = Enumerable.Range(0, inputs * outputs).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] g = Enumerable.Range(0, rows * outputs).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var y = new float[rows * outputs];
        var dw = new float[inputs * outputs];

        LinearProjection.Forward(x, w, y, inputs, outputs);
        LinearProjection.WeightGradient(x, g, dw, inputs, outputs);

        for (int i = 0; i < rows; i++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double expected = Enumerable.Range(0, inputs).Sum(k => (double)x[(i * inputs) + k] * w[(k * outputs) + o]);
                Assert.Equal(expected, y[(i * outputs) + o], 1e-6);
            }
        }

        for (int k = 0; k < inputs; k++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double expected = Enumerable.Range(0, rows).Sum(i => (double)x[(i * inputs) + k] * g[(i * outputs) + o]);
                Assert.Equal(expected, dw[(k * outputs) + o], 1e-6);
            }
        }
    }

    [Fact]
    public void SgdFollowsDlibsUpdate()
    {
        // dlib sgd: v = momentum·v − wd·lr·w − lr·grad; w += v.
        var solver = new SgdMomentum(1, momentum: 0.9, weightDecay: 1e-4);
        float[] w = [1f];

        solver.Step(w, [0.5f], 0.1);
        Assert.Equal(1 - 1e-5 - 0.05, w[0], 1e-7);

        solver.Step(w, [0.5f], 0.1);
        double v1 = -1e-5 - 0.05;
        double w1 = 1 + v1;
        double v2 = (0.9 * v1) - (1e-5 * w1) - 0.05;
        Assert.Equal(w1 + v2, w[0], 1e-6);
    }

    [Fact]
    public void BadInputsAreRejected()
    {
        (float[] features, int[] labels, _) = LoadJohns();
        var trainer = new ProjectionTrainer(StrictJohns);

        Assert.Throws<ArgumentException>(() => trainer.Train(features, labels, new float[128 * 127], 128));
        Assert.Throws<ArgumentException>(() => trainer.Train(features, labels.AsSpan(0, 54), Identity(128), 128));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Train(features, labels, Identity(128), 0));
        float[] withNaN = (float[])features.Clone();
        withNaN[17] = float.NaN;
        Assert.Throws<ArgumentException>(() => trainer.Train(withNaN, labels, Identity(128), 128));

        // Three people with two or more samples cannot be split into 2 trained + 2 held out.
        int[] fewPeople = labels.Select(l => Math.Min(l, 2)).ToArray();
        var byIdentity = new ProjectionTrainer(StrictJohns with { HoldOut = ProjectionHoldOut.Identities });
        Assert.Throws<ArgumentException>(() => byIdentity.Train(features, fewPeople, Identity(128), 128));

        Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectionTrainer(StrictJohns with { PeoplePerBatch = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectionTrainer(StrictJohns with { Momentum = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectionTrainer(StrictJohns with { LearningRate = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectionTrainer(StrictJohns with { HeldOutFraction = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectionTrainer(StrictJohns with { Margin = 0.8f }));
    }

    /// <summary>Calls back on the reporting thread (unlike <see cref="Progress{T}"/>, which posts).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
