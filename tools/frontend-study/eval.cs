#:project ../../src/FaceMetric/FaceMetric.csproj
#:property TreatWarningsAsErrors=true
#:property Nullable=enable

// Step 2 of the default-front-end study (issue 12): chips from the landmarks of landmarks.cs, one variant at a time,
// scored on LFW View 1 DevTrain (threshold chosen on DevTrain; accuracy there, and at 0.6). DevTest is printed only
// with --devtest, which is run once, for the variant chosen on DevTrain.
// Usage: dotnet run eval.cs -- LFW_DIR MODELS_DIR LANDMARKS.tsv VARIANT [--mirror] [--jitter N] [--devtest] [--bias-out F]
// VARIANT: faceapi (face-api's 68 points as they are), dlib (dlib's 68 points, the reference), bias (face-api's points
// moved by the mean per-point offset to dlib's points, in the chip frame, fitted on DevTrain HOG faces only), or
// bias:FILE (offsets read from FILE, as written by --bias-out).
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

string lfw = args[0], models = args[1], tsv = args[2], variant = args[3];
bool mirror = args.Contains("--mirror"), devtest = args.Contains("--devtest");
int jitter = Arg("--jitter") is { } j ? int.Parse(j, CultureInfo.InvariantCulture) : 0;
string root = Path.Combine(lfw, "images_deepfunneled");
var train = PairsProtocol.Load(Path.Combine(lfw, "pairsDevTrain.txt"), root);
var test = PairsProtocol.Load(Path.Combine(lfw, "pairsDevTest.txt"), root);
var trainImages = new HashSet<string>(train.Images.Select(p => Path.GetRelativePath(lfw, p)), StringComparer.Ordinal);

var rows = File.ReadLines(tsv).Select(Row.Parse).ToList();
Vector2[]? bias = null;
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
    Console.WriteLine(FormattableString.Invariant(
        $"  DevTest {testReport.MeanAccuracy:P2} at the DevTrain threshold, {testAt06.MeanAccuracy:P2} at 0.6, TAR@FAR1e-3 {testReport.TrueAcceptRateAtOneInAThousand:P2}"));
}

(double[] D, bool[] Same) Distances(PairsProtocol p) =>
    (p.Pairs.Select(x => (double)descriptors[x.PathA].DistanceTo(descriptors[x.PathB])).ToArray(), p.Pairs.Select(x => x.IsSame).ToArray());

string? Arg(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

// The chip frame of a set of points: dlib's chip (150, padding 0.25) as a similarity map image -> chip.
static (Func<Vector2, Vector2> ToChip, Func<Vector2, Vector2> ToImage) Frame(Vector2[] points)
{
    FaceChipDetails d = FaceChipDetails.ForFace(new FaceLandmarks(points));
    double s = d.Cols / d.Width, cos = Math.Cos(d.Angle), sin = Math.Sin(d.Angle);
    double cx = d.CenterX, cy = d.CenterY, half = (d.Cols - 1) / 2.0;
    return (
        p => new Vector2((float)((((p.X - cx) * cos) + ((p.Y - cy) * sin)) * s + half), (float)(((-(p.X - cx) * sin) + ((p.Y - cy) * cos)) * s + half)),
        q => new Vector2((float)(cx + ((((q.X - half) * cos) - ((q.Y - half) * sin)) / s)), (float)(cy + ((((q.X - half) * sin) + ((q.Y - half) * cos)) / s))));
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
