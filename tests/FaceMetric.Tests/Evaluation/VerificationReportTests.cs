using System.Globalization;
using System.Numerics.Tensors;
using System.Xml.Linq;
using FaceMetric.Evaluation;
using FaceMetric.Tests.TestSupport;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Evaluation;

public sealed class VerificationReportTests(ITestOutputHelper output)
{
    /// <summary>Distances between dlib's descriptors for every pair of a View 1 file (float, as dlib computes them).</summary>
    private static (double[] Distances, bool[] IsSame) DlibDistances(string file)
    {
        PairsProtocol protocol = PairsProtocol.Load(Fixtures.Path($"data/lfw/{file}"), "lfw");
        IReadOnlyDictionary<string, float[]> descriptors = DlibLfwDescriptors.Load();
        double[] d = protocol.Pairs.Select(p => (double)TensorPrimitives.Distance(descriptors[p.ImageA], descriptors[p.ImageB])).ToArray();
        return (d, protocol.Pairs.Select(p => p.IsSame).ToArray());
    }

    [Fact]
    public void ViewOneReproducesDlibsMeasuredFigures()
    {
        // Reference README (dlib's own pipeline on LFW View 1): the threshold chosen on DevTrain is 0.6085 and gives
        // 99.00% on DevTest; dlib's fixed 0.6 gives 98.70%.
        (double[] trainD, bool[] trainS) = DlibDistances("pairsDevTrain.txt");
        (double[] testD, bool[] testS) = DlibDistances("pairsDevTest.txt");

        VerificationReport chosen = VerificationReport.TrainTest(trainD, trainS, testD, testS);
        VerificationReport fixedAt06 = VerificationReport.AtThreshold(testD, testS, 0.6);

        output.WriteLine($"threshold {chosen.Threshold:R}: DevTest {chosen.MeanAccuracy:P2} ({chosen.Folds[0].Correct}/{chosen.PairCount}); " +
                         $"at 0.6: {fixedAt06.MeanAccuracy:P2}; TAR@FAR=1e-3 {chosen.TrueAcceptRateAtOneInAThousand:P2}");
        Assert.Equal(0.6085, Math.Round(chosen.Threshold, 4));
        Assert.Equal(990, chosen.Folds[0].Correct);
        Assert.Equal(1000, chosen.PairCount);
        Assert.Equal(0.99, chosen.MeanAccuracy, 12);
        Assert.Equal(987, fixedAt06.Folds[0].Correct);
        Assert.Equal(0.6, fixedAt06.Threshold);
        Assert.Equal(0, chosen.FailedPairs);
        Assert.Equal(0, chosen.StandardDeviation);
    }

    [Fact]
    public void ChosenThresholdIsTheSmallestBestOnDevTrain()
    {
        // Independent brute force: accuracy of every midpoint between sorted DevTrain distances.
        (double[] d, bool[] s) = DlibDistances("pairsDevTrain.txt");
        double[] sorted = d.Order().Distinct().ToArray();
        double[] candidates = sorted.Zip(sorted.Skip(1), (a, b) => a + ((b - a) / 2)).ToArray();
        int Correct(double t) => d.Select((x, i) => (x < t) == s[i] ? 1 : 0).Sum();
        int best = candidates.Max(Correct);
        double smallestBest = candidates.First(t => Correct(t) == best);

        VerificationReport report = VerificationReport.TrainTest(d, s, d, s);

        Assert.Equal(smallestBest, report.Threshold);
        Assert.Equal(best, report.Folds[0].Correct);
        output.WriteLine($"DevTrain: best {best}/2200 at {smallestBest:R}; {candidates.Count(t => Correct(t) == best)} thresholds tie");
    }

    [Fact]
    public void CrossValidationByHand()
    {
        // Fold 0: same 0.2, 0.4; different 0.5, 0.9. Fold 1: same 0.3, 0.7; different 0.6, 1.0; plus one failed pair.
        double[] d = [0.2, 0.4, 0.5, 0.9, 0.3, 0.7, 0.6, 1.0, double.NaN];
        bool[] s = [true, true, false, false, true, true, false, false, true];
        int[] f = [0, 0, 0, 0, 1, 1, 1, 1, 1];

        VerificationReport r = VerificationReport.CrossValidate(d, s, f);

        // Fold 0 uses fold 1's pairs: accuracy 3/4 at 0.45 (smallest of the best) and at 0.85; 0.45 wins -> 4/4.
        // Fold 1 uses fold 0's pairs: 4/4 at 0.45 -> 0.3 right, 0.7 wrong, 0.6 and 1.0 right, NaN wrong: 3/5.
        Assert.Equal(2, r.Folds.Count);
        Assert.Equal(0.45, r.Folds[0].Threshold, 15);
        Assert.Equal(4, r.Folds[0].Correct);
        Assert.Equal(0.45, r.Folds[1].Threshold, 15);
        Assert.Equal(3, r.Folds[1].Correct);
        Assert.Equal(5, r.Folds[1].Pairs);
        Assert.Equal(1, r.Folds[1].Failed);
        Assert.Equal(0.8, r.MeanAccuracy, 15);
        Assert.Equal(Math.Sqrt(0.08), r.StandardDeviation, 15);
        Assert.Equal(Math.Sqrt(0.08) / Math.Sqrt(2), r.StandardError, 15);
        Assert.Equal(1, r.FailedPairs);
        Assert.Equal(9, r.PairCount);

        // ROC: the failed matched pair stays in the TAR denominator (5 matched pairs), so TAR tops out at 4/5.
        Assert.Equal(new RocPoint(0.2, 0, 0), r.Roc[0]);
        Assert.Equal(0.8, r.Roc[^1].TrueAcceptRate, 15);
        Assert.Equal(1, r.Roc[^1].FalseAcceptRate);
        Assert.Equal(0.6, r.TrueAcceptRateAt(0), 15);   // 0.2, 0.3, 0.4 before the first mismatched pair (0.5)
    }

    [Fact]
    public void CrossValidationOnRealPairsMatchesABruteForcePerFold()
    {
        // LFW View 1's 3,200 pairs dealt round-robin into 10 folds; each fold's threshold must be the smallest best
        // threshold of the other nine folds, found here by brute force.
        (double[] trainD, bool[] trainS) = DlibDistances("pairsDevTrain.txt");
        (double[] testD, bool[] testS) = DlibDistances("pairsDevTest.txt");
        double[] d = [.. trainD, .. testD];
        bool[] s = [.. trainS, .. testS];
        int[] folds = d.Select((_, i) => i % 10).ToArray();

        VerificationReport r = VerificationReport.CrossValidate(d, s, folds);

        Assert.Equal(10, r.Folds.Count);
        for (int f = 0; f < 10; f++)
        {
            double[] otherD = d.Where((_, i) => folds[i] != f).ToArray();
            bool[] otherS = s.Where((_, i) => folds[i] != f).ToArray();
            double[] sorted = otherD.Order().Distinct().ToArray();
            double[] candidates = sorted.Zip(sorted.Skip(1), (a, b) => a + ((b - a) / 2)).ToArray();
            int[] correct = new int[candidates.Length];
            for (int c = 0; c < candidates.Length; c++)
            {
                for (int i = 0; i < otherD.Length; i++)
                {
                    correct[c] += (otherD[i] < candidates[c]) == otherS[i] ? 1 : 0;
                }
            }

            double expected = candidates[Array.IndexOf(correct, correct.Max())];
            Assert.Equal(expected, r.Folds[f].Threshold);
            Assert.Equal(Enumerable.Range(0, d.Length).Count(i => folds[i] == f && (d[i] < expected) == s[i]), r.Folds[f].Correct);
        }

        double mean = r.Folds.Average(x => x.Accuracy);
        Assert.Equal(mean, r.MeanAccuracy, 15);
        output.WriteLine($"10-fold over View 1: {r.MeanAccuracy:P2} ± {r.StandardDeviation:P2} (SE {r.StandardError:P2}), threshold {r.Threshold:F4}");
    }

    [Fact]
    public void RocOnDevTestIsMonotoneAndItsLowFarEndIsRight()
    {
        (double[] d, bool[] s) = DlibDistances("pairsDevTest.txt");
        VerificationReport r = VerificationReport.AtThreshold(d, s, 0.6);

        Assert.Equal(new RocPoint(d.Min(), 0, 0), r.Roc[0]);
        Assert.Equal(1, r.Roc[^1].FalseAcceptRate);
        Assert.Equal(1, r.Roc[^1].TrueAcceptRate);
        for (int i = 1; i < r.Roc.Count; i++)
        {
            Assert.True(r.Roc[i].Threshold > r.Roc[i - 1].Threshold);
            Assert.True(r.Roc[i].FalseAcceptRate >= r.Roc[i - 1].FalseAcceptRate);
            Assert.True(r.Roc[i].TrueAcceptRate >= r.Roc[i - 1].TrueAcceptRate);
        }

        // 500 mismatched pairs: FAR <= 1e-3 allows no false accept, so TAR@1e-3 is the share of matched pairs closer
        // than the closest mismatched pair.
        double closestMismatched = d.Where((_, i) => !s[i]).Min();
        double expected = d.Where((x, i) => s[i] && x < closestMismatched).Count() / 500.0;
        Assert.Equal(expected, r.TrueAcceptRateAtOneInAThousand);
        Assert.Equal(500, r.MismatchedPairs);
        output.WriteLine($"DevTest ROC: {r.Roc.Count} points; TAR@FAR=1e-3 = {expected:P1}; closest mismatched pair {closestMismatched:F4}");
    }

    [Fact]
    public void WritesRocCsvAndSvgAtomically()
    {
        (double[] d, bool[] s) = DlibDistances("pairsDevTest.txt");
        VerificationReport r = VerificationReport.AtThreshold(d, s, 0.6);
        string folder = Directory.CreateTempSubdirectory("facemetric-roc-").FullName;
        try
        {
            string csv = Path.Combine(folder, "roc.csv");
            string svg = Path.Combine(folder, "roc.svg");
            File.WriteAllText(svg, "old content");

            r.WriteRocCsv(csv);
            r.WriteRocSvg(svg, "LFW View 1 <DevTest> & dlib");

            Assert.Equal(["roc.csv", "roc.svg"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
            string[] lines = File.ReadAllLines(csv);
            Assert.Equal("threshold,far,tar", lines[0]);
            Assert.Equal(r.Roc.Count + 1, lines.Length);
            string[] last = lines[^1].Split(',');
            Assert.Equal(r.Roc[^1].Threshold, double.Parse(last[0], CultureInfo.InvariantCulture));

            XDocument doc = XDocument.Load(svg);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", doc.Root!.Name);
            Assert.Contains(doc.Descendants(ns + "text"), t => t.Value == "LFW View 1 <DevTest> & dlib");
            XElement polyline = Assert.Single(doc.Descendants(ns + "polyline"));
            (double X, double Y)[] points = polyline.Attribute("points")!.Value
                .Split(' ')
                .Select(p => p.Split(','))
                .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
                .ToArray();
            Assert.Equal(r.Roc.Count, points.Length);
            double width = double.Parse(doc.Root.Attribute("width")!.Value, CultureInfo.InvariantCulture);
            double height = double.Parse(doc.Root.Attribute("height")!.Value, CultureInfo.InvariantCulture);
            Assert.All(points, p => Assert.True(p.X >= 0 && p.X <= width && p.Y >= 0 && p.Y <= height));

            // The curve starts at the plot's bottom-left corner (TAR 0) and ends at its top-right corner (FAR 1, TAR 1),
            // and never goes down (SVG y grows downwards).
            Assert.True(points[0].Y > points[^1].Y);
            Assert.True(points[0].X < points[^1].X);
            for (int i = 1; i < points.Length; i++)
            {
                Assert.True(points[i].Y <= points[i - 1].Y + 1e-9);
                Assert.True(points[i].X >= points[i - 1].X - 1e-9);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        double[] d = [0.1, 0.9];
        bool[] s = [true, false];

        Assert.Throws<ArgumentException>(() => VerificationReport.CrossValidate(d, s, [0, 0]));
        Assert.Throws<ArgumentException>(() => VerificationReport.CrossValidate(d, s, [0]));
        Assert.Throws<ArgumentException>(() => VerificationReport.AtThreshold(d, [true], 0.6));
        Assert.Throws<ArgumentException>(() => VerificationReport.AtThreshold(d, [true, true], 0.6));
        Assert.Throws<ArgumentException>(() => VerificationReport.AtThreshold(d, s, double.NaN));
        Assert.Throws<ArgumentException>(() => VerificationReport.TrainTest([double.NaN, double.NaN], s, d, s));
        Assert.Throws<ArgumentOutOfRangeException>(() => VerificationReport.AtThreshold(d, s, 0.6).TrueAcceptRateAt(2));
    }
}
