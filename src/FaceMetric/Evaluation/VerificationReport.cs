using System.Globalization;
using System.Text;

using FaceMetric.IO;

namespace FaceMetric.Evaluation;

/// <summary>
/// Face verification accuracy by the LFW protocol, from one distance per pair: per-fold accuracy with the threshold
/// chosen on the other folds, mean, standard deviation and standard error, ROC and TAR at a given FAR; or a single
/// split (threshold chosen on a training set, as LFW View 1's DevTrain/DevTest), or a fixed threshold.
/// </summary>
/// <remarks>
/// <para>
/// Decision rule: a pair is "same person" when its distance is below the threshold (dlib's rule, distance &lt; 0.6).
/// The threshold chosen on training pairs is the one that maximises their accuracy: the midpoint between two
/// consecutive distinct training distances, the smallest such on ties.
/// </para>
/// <para>
/// Failed pairs: a distance that is NaN or infinite marks a pair whose descriptor could not be computed (no face
/// found). LFW asks for an answer on every pair, so a failed pair counts as <b>wrong</b> in the accuracy whatever its
/// truth (the pessimistic choice: it cannot flatter a pipeline that drops hard images). Failed pairs do not take part
/// in choosing thresholds. In the ROC they stay in the denominators and are never accepted, so a failed matched pair
/// lowers TAR and a failed mismatched pair is a correct rejection there.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class VerificationReport
{
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<FoldAccuracy> _folds;
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<RocPoint> _roc;

    private VerificationReport(FoldAccuracy[] folds, double threshold, RocPoint[] roc, int pairs, int failed, int mismatched)
    {
        _folds = Array.AsReadOnly(folds);
        _roc = Array.AsReadOnly(roc);
        Threshold = threshold;
        PairCount = pairs;
        FailedPairs = failed;
        MismatchedPairs = mismatched;
        MeanAccuracy = folds.Average(f => f.Accuracy);
        if (folds.Length > 1)
        {
            double sum = folds.Sum(f => (f.Accuracy - MeanAccuracy) * (f.Accuracy - MeanAccuracy));
            StandardDeviation = Math.Sqrt(sum / (folds.Length - 1));
            StandardError = StandardDeviation / Math.Sqrt(folds.Length);
        }
    }

    /// <summary>Accuracy per fold, in ascending fold order; one entry for a single split or a fixed threshold.</summary>
    public IReadOnlyList<FoldAccuracy> Folds => _folds;

    /// <summary>Mean of the fold accuracies (the LFW figure); for one fold, its accuracy.</summary>
    public double MeanAccuracy { get; }

    /// <summary>Sample standard deviation of the fold accuracies (divisor folds − 1); 0 for a single fold.</summary>
    public double StandardDeviation { get; }

    /// <summary>Standard error of the mean, <see cref="StandardDeviation"/>/√folds, as LFW's results page asks; 0 for a
    /// single fold.</summary>
    public double StandardError { get; }

    /// <summary>The operating threshold: for cross-validation, the one chosen on all pairs together (the threshold to
    /// deploy); for a single split, the one chosen on the training pairs; otherwise the fixed threshold given.</summary>
    public double Threshold { get; }

    /// <summary>Evaluated pairs (for a single split, the test pairs), failed ones included.</summary>
    public int PairCount { get; }

    /// <summary>Evaluated pairs whose distance is not finite.</summary>
    public int FailedPairs { get; }

    /// <summary>Evaluated mismatched pairs: the denominator of the false accept rate.</summary>
    public int MismatchedPairs { get; }

    /// <summary>The ROC of the evaluated pairs, by increasing threshold, from (FAR 0, TAR 0).</summary>
    public IReadOnlyList<RocPoint> Roc => _roc;

    /// <summary>The highest true accept rate whose false accept rate does not exceed <paramref name="falseAcceptRate"/>.</summary>
    /// <param name="falseAcceptRate">The FAR budget, in [0, 1].</param>
    /// <returns>TAR in [0, 1]. With few mismatched pairs a small budget allows no false accept at all (FAR resolution
    /// is 1/<see cref="MismatchedPairs"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The budget is outside [0, 1].</exception>
    public double TrueAcceptRateAt(double falseAcceptRate)
    {
        if (!(falseAcceptRate >= 0 && falseAcceptRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(falseAcceptRate), falseAcceptRate, "A false accept rate lies in [0, 1].");
        }

        double best = 0;
        foreach (RocPoint p in _roc)
        {
            if (p.FalseAcceptRate <= falseAcceptRate)
            {
                best = Math.Max(best, p.TrueAcceptRate);
            }
        }

        return best;
    }

    /// <summary>TAR at FAR = 1e-3, the usual single-number summary of the ROC's low-FAR end.</summary>
    public double TrueAcceptRateAtOneInAThousand => TrueAcceptRateAt(1e-3);

    /// <summary>
    /// The standard LFW protocol: for each fold, the threshold is chosen on all the other folds and applied to it.
    /// </summary>
    /// <param name="distances">One distance per pair; NaN or infinite for a failed pair.</param>
    /// <param name="isSame">The truth per pair.</param>
    /// <param name="folds">The fold of each pair (any integers; LFW View 2: 0..9).</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">
    /// Lengths differ, there are fewer than two folds, the pairs lack a matched or a mismatched pair, or the other folds
    /// of some fold have no finite distance.
    /// </exception>
    public static VerificationReport CrossValidate(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame, ReadOnlySpan<int> folds)
    {
        CheckPairs(distances, isSame, nameof(distances));
        if (folds.Length != distances.Length)
        {
            throw new ArgumentException($"Expected {distances.Length} fold ids, one per pair; got {folds.Length}.", nameof(folds));
        }

        int[] foldIds = [.. new SortedSet<int>(folds.ToArray())];
        if (foldIds.Length < 2)
        {
            throw new ArgumentException("Cross-validation needs at least two folds.", nameof(folds));
        }

        var results = new FoldAccuracy[foldIds.Length];
        var trainD = new List<double>(distances.Length);
        var trainS = new List<bool>(distances.Length);
        for (int f = 0; f < foldIds.Length; f++)
        {
            trainD.Clear();
            trainS.Clear();
            for (int i = 0; i < distances.Length; i++)
            {
                if (folds[i] != foldIds[f])
                {
                    trainD.Add(distances[i]);
                    trainS.Add(isSame[i]);
                }
            }

            double t = ThresholdSelection.Choose(trainD.ToArray(), trainS.ToArray());
            results[f] = Score(distances, isSame, folds, foldIds[f], t);
        }

        double overall = ThresholdSelection.Choose(distances, isSame);
        return new VerificationReport(
            results, overall, ThresholdSelection.Roc(distances, isSame), distances.Length, CountFailed(distances), CountMismatched(isSame));
    }

    /// <summary>
    /// A single split, as LFW View 1: the threshold is chosen on the training pairs and applied to the test pairs; the
    /// report (accuracy, ROC) describes the test pairs.
    /// </summary>
    /// <param name="trainDistances">Training distances (NaN or infinite for failed pairs, which are ignored).</param>
    /// <param name="trainIsSame">Training truths.</param>
    /// <param name="testDistances">Test distances (NaN or infinite for failed pairs, which count as wrong).</param>
    /// <param name="testIsSame">Test truths.</param>
    /// <returns>The report, with one fold (id 0).</returns>
    /// <exception cref="ArgumentException">Lengths differ, a set lacks matched or mismatched pairs, or no training
    /// distance is finite.</exception>
    public static VerificationReport TrainTest(
        ReadOnlySpan<double> trainDistances, ReadOnlySpan<bool> trainIsSame, ReadOnlySpan<double> testDistances, ReadOnlySpan<bool> testIsSame)
    {
        CheckPairs(trainDistances, trainIsSame, nameof(trainDistances));
        CheckPairs(testDistances, testIsSame, nameof(testDistances));
        double t = ThresholdSelection.Choose(trainDistances, trainIsSame);
        return AtThresholdCore(testDistances, testIsSame, t);
    }

    /// <summary>Accuracy and ROC of the pairs at a fixed threshold (e.g. dlib's 0.6).</summary>
    /// <param name="distances">One distance per pair; NaN or infinite for a failed pair (counted as wrong).</param>
    /// <param name="isSame">The truth per pair.</param>
    /// <param name="threshold">"Same person" when distance &lt; threshold.</param>
    /// <returns>The report, with one fold (id 0).</returns>
    /// <exception cref="ArgumentException">Lengths differ, the pairs lack matched or mismatched pairs, or the threshold
    /// is NaN.</exception>
    public static VerificationReport AtThreshold(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame, double threshold)
    {
        CheckPairs(distances, isSame, nameof(distances));
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("The threshold is NaN.", nameof(threshold));
        }

        return AtThresholdCore(distances, isSame, threshold);
    }

    /// <summary>Writes the ROC as CSV (<c>threshold,far,tar</c>, one row per point, invariant culture), atomically.</summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteRocCsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var csv = new StringBuilder("threshold,far,tar\n");
        foreach (RocPoint p in _roc)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{p.Threshold:R},{p.FalseAcceptRate:R},{p.TrueAcceptRate:R}\n");
        }

        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>
    /// Writes the ROC as an SVG plot (FAR on a log axis, TAR linear, the curve as one <c>polyline</c> with one vertex per
    /// ROC point), atomically.
    /// </summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="title">Title shown above the plot (escaped).</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteRocSvg(string path, string title = "ROC")
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(title);
        AtomicFile.WriteAllText(path, RenderRocSvg(title));
    }

    /// <summary>The SVG text <see cref="WriteRocSvg"/> writes.</summary>
    internal string RenderRocSvg(string title) => RocSvg.Render(_roc, MismatchedPairs, title);

    private static VerificationReport AtThresholdCore(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame, double threshold)
    {
        FoldAccuracy fold = Score(distances, isSame, [], 0, threshold);
        return new VerificationReport(
            [fold], threshold, ThresholdSelection.Roc(distances, isSame), distances.Length, fold.Failed, CountMismatched(isSame));
    }

    /// <summary>Scores the pairs of one fold (all pairs when <paramref name="folds"/> is empty).</summary>
    private static FoldAccuracy Score(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame, ReadOnlySpan<int> folds, int fold, double threshold)
    {
        int pairs = 0, correct = 0, failed = 0;
        for (int i = 0; i < distances.Length; i++)
        {
            if (!folds.IsEmpty && folds[i] != fold)
            {
                continue;
            }

            pairs++;
            if (!double.IsFinite(distances[i]))
            {
                failed++;
            }
            else if ((distances[i] < threshold) == isSame[i])
            {
                correct++;
            }
        }

        return new FoldAccuracy(fold, threshold, pairs, correct, failed);
    }

    private static void CheckPairs(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame, string name)
    {
        if (distances.Length != isSame.Length)
        {
            throw new ArgumentException($"Expected one truth per distance: {distances.Length} distances, {isSame.Length} truths.", name);
        }

        int same = 0;
        foreach (bool s in isSame)
        {
            same += s ? 1 : 0;
        }

        if (same == 0 || same == isSame.Length)
        {
            throw new ArgumentException(
                $"A verification set needs matched and mismatched pairs; got {same} matched of {isSame.Length}.", name);
        }
    }

    private static int CountFailed(ReadOnlySpan<double> distances)
    {
        int failed = 0;
        foreach (double d in distances)
        {
            failed += double.IsFinite(d) ? 0 : 1;
        }

        return failed;
    }

    private static int CountMismatched(ReadOnlySpan<bool> isSame)
    {
        int mismatched = 0;
        foreach (bool s in isSame)
        {
            mismatched += s ? 0 : 1;
        }

        return mismatched;
    }
}
