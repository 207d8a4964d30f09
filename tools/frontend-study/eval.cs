#:project ../../src/FaceMetric/FaceMetric.csproj
#:property TreatWarningsAsErrors=true
#:property Nullable=enable

// Step 2 of the default-front-end study (issue 12): chips from the landmarks of landmarks.cs, one variant at a time,
// scored on LFW View 1 DevTrain (threshold chosen on DevTrain; accuracy there, and at 0.6). DevTest is printed only
// with --devtest, which is run once, for the variant chosen on DevTrain.
// Usage: dotnet run eval.cs -- LFW_DIR MODELS_DIR LANDMARKS.tsv VARIANT [--mirror] [--jitter N] [--devtest [--pairs-out F]]
//        [--bias-out F] [--linear-out F] [--crossfit K] [--vs-dlib]
// VARIANT: faceapi (face-api's 68 points as they are), dlib (dlib's 68 points, the reference), bias (face-api's points
// moved by the mean per-point offset to dlib's points, in the chip frame, fitted on DevTrain HOG faces only),
// bias:FILE (offsets read from FILE, as written by --bias-out), linear[:LAMBDA] (a ridge regression from face-api's 136
// chip-frame coordinates to those offsets, fitted on the same DevTrain faces; LAMBDA defaults to 1e4), or cvlinear
// (no network: the held-out chip geometry of linear over ridge strengths, 5 folds of DevTrain people).
// --crossfit K: each DevTrain face the correction is fitted on gets the one fitted without its person's fold (K folds
// of people), so DevTrain accuracy is not scored on faces the correction saw. --pairs-out F: one line per DevTest pair
// (same, distance, decision at the DevTrain threshold) for paired.py. --vs-dlib: each DevTrain HOG face's descriptor
// distance to that of dlib's points on the same box.
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using FaceMetric.Alignment;
using FaceMetric.Embedding;
using FaceMetric.Evaluation;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Geometry;

string lfw = args[0], models = args[1], tsv = args[2], variant = args[3];
bool mirror = args.Contains("--mirror"), devtest = args.Contains("--devtest");
int jitter = Arg("--jitter") is { } j ? int.Parse(j, CultureInfo.InvariantCulture) : 0;
string root = Path.Combine(lfw, "images_deepfunneled");
var train = PairsProtocol.Load(Path.Combine(lfw, "pairsDevTrain.txt"), root);
var test = PairsProtocol.Load(Path.Combine(lfw, "pairsDevTest.txt"), root);
var trainImages = new HashSet<string>(train.Images.Select(p => Path.GetRelativePath(lfw, p)), StringComparer.Ordinal);

var rows = File.ReadLines(tsv).Select(Row.Parse).ToList();
Vector2[]? bias = null;
LinearCorrection? linear = null;
var crossFitted = new Dictionary<string, Func<Vector2[], Vector2[]>>(StringComparer.Ordinal);
var fitRows = rows.Where(r => r.Source == "hog" && r.Dlib is not null && trainImages.Contains(r.Path)).ToList();
if (variant == "cvlinear")
{
    // Held-out geometry only (no network): 5 folds of DevTrain people, for each ridge strength the mean distance of the
    // corrected chip's corners from dlib's chip's corners, in chip pixels. lambda = inf is the mean offset (bias).
    foreach (double lambda in new[] { 1.0, 10, 100, 1e3, 3e3, 1e4, 3e4, 1e5, 1e6, double.PositiveInfinity })
    {
        double corner = 0, point = 0;
        foreach (var (fit, held) in Folds(fitRows, 5))
        {
            var c = LinearCorrection.Fit(fit, lambda);
            foreach (var r in held)
            {
                Vector2[] q = c.Apply(r.FaceApi);
                corner += CornerError(q, r.Dlib!);
                point += PointError(q, r.Dlib!);
            }
        }

        Console.WriteLine(FormattableString.Invariant($"lambda {lambda,8}: held-out chip corner error {corner / fitRows.Count:F3} px, point error {point / fitRows.Count:F3} px"));
    }

    Console.WriteLine(FormattableString.Invariant($"face-api uncorrected: chip corner error {fitRows.Average(r => CornerError(r.FaceApi, r.Dlib!)):F3} px, point error {fitRows.Average(r => PointError(r.FaceApi, r.Dlib!)):F3} px"));
    return;
}

if (variant.StartsWith("linear", StringComparison.Ordinal))
{
    double lambda = variant.Length > 7 ? double.Parse(variant[7..], CultureInfo.InvariantCulture) : 1e4;
    linear = LinearCorrection.Fit(fitRows, lambda);
    if (Arg("--linear-out") is { } linearOut)
    {
        linear.Save(linearOut);
    }
}

if (Arg("--crossfit") is { } kText)
{
    // Every DevTrain face that the correction is fitted on gets the correction fitted without its person's fold.
    foreach (var (fit, held) in Folds(fitRows, int.Parse(kText, CultureInfo.InvariantCulture)))
    {
        Func<Vector2[], Vector2[]> f = variant.StartsWith("linear", StringComparison.Ordinal)
            ? LinearCorrection.Fit(fit, linear!.Lambda).Apply
            : FitBias(fit) is var b ? p => Correct(p, b) : throw new InvalidOperationException();
        foreach (var r in held)
        {
            crossFitted[r.Path] = f;
        }
    }
}

if (variant == "bias")
{
    bias = FitBias(rows.Where(r => r.Source == "hog" && r.Dlib is not null && trainImages.Contains(r.Path)).ToList());
    if (Arg("--bias-out") is { } biasOut)
    {
        File.WriteAllLines(biasOut, bias.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.X:R}\t{b.Y:R}")));
    }
}
else if (variant.StartsWith("bias:", StringComparison.Ordinal))
{
    bias = File.ReadLines(variant[5..]).Select(l => l.Split('\t')).Select(f => new Vector2(float.Parse(f[0], CultureInfo.InvariantCulture), float.Parse(f[1], CultureInfo.InvariantCulture))).ToArray();
}

using var embedder = new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new() { Directory = models }, AverageWithMirror = mirror, JitterCount = jitter });
var aligner = new FaceAligner();
var descriptors = new Dictionary<string, FaceDescriptor>(StringComparer.Ordinal);
bool compareWithDlib = args.Contains("--vs-dlib");
var toDlib = new List<double>();
var clock = Stopwatch.StartNew();
double embedSeconds = 0;
foreach (var row in rows)
{
    if (!devtest && !trainImages.Contains(row.Path))
    {
        continue;
    }

    Vector2[] points = variant switch
    {
        "dlib" => row.Dlib ?? throw new InvalidOperationException("no dlib points in " + tsv),
        "faceapi" => row.FaceApi,
        _ when crossFitted.TryGetValue(row.Path, out var f) => f(row.FaceApi),
        _ when linear is not null => linear.Apply(row.FaceApi),
        _ => Correct(row.FaceApi, bias!),
    };
    using Image<Rgb24> image = FaceImage.Load(Path.Combine(lfw, row.Path));
    using Image<Rgb24> chip = aligner.ExtractChip(image, new FaceLandmarks(points));
    long t0 = Stopwatch.GetTimestamp();
    descriptors[Path.Combine(lfw, row.Path)] = embedder.Embed(chip);
    embedSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
    if (compareWithDlib && row.Dlib is not null && row.Source == "hog")
    {
        using Image<Rgb24> dlibChip = aligner.ExtractChip(image, new FaceLandmarks(row.Dlib));
        toDlib.Add(descriptors[Path.Combine(lfw, row.Path)].DistanceTo(embedder.Embed(dlibChip)));
    }
}

var (td, ts) = Distances(train);
var trainReport = VerificationReport.TrainTest(td, ts, td, ts);
var trainAt06 = VerificationReport.AtThreshold(td, ts, 0.6);
Console.WriteLine(FormattableString.Invariant(
    $"{variant}{(mirror ? " +mirror" : "")}{(jitter > 0 ? $" +jitter{jitter}" : "")}: DevTrain {trainReport.MeanAccuracy:P2} at t={trainReport.Folds[0].Threshold:F4}, {trainAt06.MeanAccuracy:P2} at 0.6, TAR@FAR1e-3 {trainReport.TrueAcceptRateAtOneInAThousand:P2}; embed {1000 * embedSeconds / descriptors.Count:F1} ms/face, total {clock.Elapsed.TotalSeconds:F0} s"));
if (toDlib.Count > 0)
{
    toDlib.Sort();
    Console.WriteLine(FormattableString.Invariant(
        $"  distance to dlib's descriptor of the same face (DevTrain, HOG faces, {toDlib.Count}): mean {toDlib.Average():F4}, median {toDlib[toDlib.Count / 2]:F4}, p90 {toDlib[(int)(toDlib.Count * 0.9)]:F4}"));
}

if (devtest)
{
    var (sd, ss) = Distances(test);
    var testReport = VerificationReport.TrainTest(td, ts, sd, ss);
    var testAt06 = VerificationReport.AtThreshold(sd, ss, 0.6);
    if (Arg("--pairs-out") is { } pairsOut)
    {
        // One line per DevTest pair: same (1/0), distance, and the decision at the DevTrain threshold (1 = same).
        double t = testReport.Folds[0].Threshold;
        File.WriteAllLines(pairsOut, sd.Select((dist, i) => string.Create(CultureInfo.InvariantCulture, $"{(ss[i] ? 1 : 0)}\t{dist:R}\t{(dist < t ? 1 : 0)}")));
    }

    Console.WriteLine(FormattableString.Invariant(
        $"  DevTest {testReport.MeanAccuracy:P2} at the DevTrain threshold, {testAt06.MeanAccuracy:P2} at 0.6, TAR@FAR1e-3 {testReport.TrueAcceptRateAtOneInAThousand:P2}"));
}

(double[] D, bool[] Same) Distances(PairsProtocol p) =>
    (p.Pairs.Select(x => (double)descriptors[x.PathA].DistanceTo(descriptors[x.PathB])).ToArray(), p.Pairs.Select(x => x.IsSame).ToArray());

string? Arg(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

// K folds of the fitting faces, split by person (the image's folder), each as (fit on the rest, held out).
static IEnumerable<(List<Row> Fit, List<Row> Held)> Folds(List<Row> rows, int k)
{
    var people = rows.Select(r => Path.GetDirectoryName(r.Path)!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    var fold = people.Select((p, i) => (p, i % k)).ToDictionary(x => x.p, x => x.Item2, StringComparer.Ordinal);
    for (int f = 0; f < k; f++)
    {
        yield return (rows.Where(r => fold[Path.GetDirectoryName(r.Path)!] != f).ToList(), rows.Where(r => fold[Path.GetDirectoryName(r.Path)!] == f).ToList());
    }
}

// The mean distance between the four corners of the chips two sets of points give, in chip pixels of the second.
static double CornerError(Vector2[] points, Vector2[] reference)
{
    var (_, a) = Frame(points);
    var (toRef, _) = Frame(reference);
    double sum = 0;
    foreach (var corner in new[] { new Vector2(0, 0), new Vector2(149, 0), new Vector2(0, 149), new Vector2(149, 149) })
    {
        sum += Vector2.Distance(toRef(a(corner)), corner);
    }

    return sum / 4;
}

// The mean distance between corresponding points, in the reference's chip pixels.
static double PointError(Vector2[] points, Vector2[] reference)
{
    var (toRef, _) = Frame(reference);
    return Enumerable.Range(0, 68).Average(k => Vector2.Distance(toRef(points[k]), toRef(reference[k])));
}

static Vector2[] FitBias(List<Row> fit)
{
    var sum = new Vector2[68];
    foreach (var r in fit)
    {
        var (toChip, _) = Frame(r.FaceApi);
        for (int k = 0; k < 68; k++)
        {
            sum[k] += toChip(r.Dlib![k]) - toChip(r.FaceApi[k]);
        }
    }

    Console.Error.WriteLine($"bias fitted on {fit.Count} DevTrain faces");
    return sum.Select(v => v / fit.Count).ToArray();
}

static Vector2[] Correct(Vector2[] points, Vector2[] bias)
{
    var (toChip, toImage) = Frame(points);
    return points.Select((p, k) => toImage(toChip(p) + bias[k])).ToArray();
}

// A ridge regression from face-api's 136 chip-frame coordinates to the offsets to dlib's points in the same frame; as
// lambda grows it becomes the mean offset (the bias variant).
internal static class Geometry
{
    // The chip frame of a set of points: dlib's chip (150, padding 0.25) as a similarity map image -> chip.
    public static (Func<Vector2, Vector2> ToChip, Func<Vector2, Vector2> ToImage) Frame(Vector2[] points)
    {
        FaceChipDetails d = FaceChipDetails.ForFace(new FaceLandmarks(points));
        double s = d.Cols / d.Width, cos = Math.Cos(d.Angle), sin = Math.Sin(d.Angle);
        double cx = d.CenterX, cy = d.CenterY, half = (d.Cols - 1) / 2.0;
        return (
            p => new Vector2((float)((((p.X - cx) * cos) + ((p.Y - cy) * sin)) * s + half), (float)(((-(p.X - cx) * sin) + ((p.Y - cy) * cos)) * s + half)),
            q => new Vector2((float)(cx + ((((q.X - half) * cos) - ((q.Y - half) * sin)) / s)), (float)(cy + ((((q.X - half) * sin) + ((q.Y - half) * cos)) / s))));
    }
}

internal sealed class LinearCorrection
{
    private readonly double[] _meanX, _meanY;
    private readonly double[,] _w;

    private LinearCorrection(double lambda, double[] meanX, double[] meanY, double[,] w) => (Lambda, _meanX, _meanY, _w) = (lambda, meanX, meanY, w);

    public double Lambda { get; }

    public static LinearCorrection Fit(List<Row> rows, double lambda)
    {
        const int d = 136;
        int n = rows.Count;
        var x = new double[n, d];
        var y = new double[n, d];
        for (int i = 0; i < n; i++)
        {
            var (toChip, _) = Frame(rows[i].FaceApi);
            for (int k = 0; k < 68; k++)
            {
                Vector2 a = toChip(rows[i].FaceApi[k]), b = toChip(rows[i].Dlib![k]);
                x[i, 2 * k] = a.X;
                x[i, (2 * k) + 1] = a.Y;
                y[i, 2 * k] = b.X - a.X;
                y[i, (2 * k) + 1] = b.Y - a.Y;
            }
        }

        var meanX = new double[d];
        var meanY = new double[d];
        for (int j = 0; j < d; j++)
        {
            for (int i = 0; i < n; i++)
            {
                meanX[j] += x[i, j] / n;
                meanY[j] += y[i, j] / n;
            }
        }

        var w = new double[d, d];
        if (double.IsFinite(lambda))
        {
            var a = new double[d, d];
            var bxy = new double[d, d];
            for (int i = 0; i < n; i++)
            {
                for (int p = 0; p < d; p++)
                {
                    double xp = x[i, p] - meanX[p];
                    for (int q = 0; q < d; q++)
                    {
                        a[p, q] += xp * (x[i, q] - meanX[q]);
                        bxy[p, q] += xp * (y[i, q] - meanY[q]);
                    }
                }
            }

            for (int p = 0; p < d; p++)
            {
                a[p, p] += lambda;
            }

            // Cholesky: a = L L^T, then solve for each column of bxy.
            var l = new double[d, d];
            for (int p = 0; p < d; p++)
            {
                for (int q = 0; q <= p; q++)
                {
                    double sum = a[p, q];
                    for (int k = 0; k < q; k++)
                    {
                        sum -= l[p, k] * l[q, k];
                    }

                    l[p, q] = p == q ? Math.Sqrt(sum) : sum / l[q, q];
                }
            }

            for (int c = 0; c < d; c++)
            {
                var z = new double[d];
                for (int p = 0; p < d; p++)
                {
                    double sum = bxy[p, c];
                    for (int k = 0; k < p; k++)
                    {
                        sum -= l[p, k] * z[k];
                    }

                    z[p] = sum / l[p, p];
                }

                for (int p = d - 1; p >= 0; p--)
                {
                    double sum = z[p];
                    for (int k = p + 1; k < d; k++)
                    {
                        sum -= l[k, p] * w[k, c];
                    }

                    w[p, c] = sum / l[p, p];
                }
            }
        }

        return new LinearCorrection(lambda, meanX, meanY, w);
    }

    public Vector2[] Apply(Vector2[] points)
    {
        var (toChip, toImage) = Frame(points);
        var u = new double[136];
        for (int k = 0; k < 68; k++)
        {
            Vector2 a = toChip(points[k]);
            u[2 * k] = a.X - _meanX[2 * k];
            u[(2 * k) + 1] = a.Y - _meanX[(2 * k) + 1];
        }

        var result = new Vector2[68];
        for (int k = 0; k < 68; k++)
        {
            double dx = _meanY[2 * k], dy = _meanY[(2 * k) + 1];
            for (int p = 0; p < 136; p++)
            {
                dx += u[p] * _w[p, 2 * k];
                dy += u[p] * _w[p, (2 * k) + 1];
            }

            result[k] = toImage(toChip(points[k]) + new Vector2((float)dx, (float)dy));
        }

        return result;
    }

    public void Save(string path) => File.WriteAllLines(path,
        new[] { string.Join('\t', _meanX.Select(v => v.ToString("R", CultureInfo.InvariantCulture))), string.Join('\t', _meanY.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) }
            .Concat(Enumerable.Range(0, 136).Select(p => string.Join('\t', Enumerable.Range(0, 136).Select(q => _w[p, q].ToString("R", CultureInfo.InvariantCulture))))));
}

internal sealed record Row(string Path, string Source, Vector2[] FaceApi, Vector2[]? Dlib)
{
    public static Row Parse(string line)
    {
        string[] f = line.Split('\t');
        Vector2[] Points(int start) => Enumerable.Range(0, 68).Select(k => new Vector2(
            float.Parse(f[start + (2 * k)], CultureInfo.InvariantCulture), float.Parse(f[start + (2 * k) + 1], CultureInfo.InvariantCulture))).ToArray();
        return new Row(f[0], f[1], Points(6), f[142] == "-" ? null : Points(142));
    }
}
