#:project ../../src/FaceMetric/FaceMetric.csproj
#:property TreatWarningsAsErrors=true
#:property Nullable=enable

// Step 1b of the default-front-end study (issue 12): refinements of face-api's 68 points on the boxes of landmarks.cs,
// written in landmarks.cs's format (the face-api columns replaced, dlib's columns kept) so that eval.cs scores them:
//  - OUT_DIR/mirror.tsv: the mean of face-api's points on the box and on the mirrored photo's mirrored box (the 68
//    points renumbered for the mirror);
//  - OUT_DIR/pass2.tsv: face-api's points on a box rebuilt from the first pass's points the way face-api's own SSD
//    detector boxes a face (the points' bounding box moved and scaled by the median SSD-box-to-points-box relation,
//    measured on LFW View 1 DevTrain images only, where the SSD box at score 0.5 overlaps the HOG box);
//  - OUT_DIR/pass2mirror.tsv: both.
// Usage: dotnet run -c Release refine.cs -- LFW_DIR MODELS_DIR LANDMARKS.tsv OUT_DIR
using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text;
using FaceMetric.Detection;
using FaceMetric.Evaluation;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

string lfw = args[0], models = args[1], tsv = args[2], outDir = args[3];
Directory.CreateDirectory(outDir);
string root = Path.Combine(lfw, "images_deepfunneled");
var train = PairsProtocol.Load(Path.Combine(lfw, "pairsDevTrain.txt"), root);
var trainImages = new HashSet<string>(train.Images.Select(p => Path.GetRelativePath(lfw, p)), StringComparer.Ordinal);
string[] lines = File.ReadAllLines(tsv);

using var faceApi = new OnnxLandmarkDetector(new LandmarkDetectorOptions { Model = new() { Directory = models } });
using var ssd = new SsdFaceDetector(new SsdDetectorOptions { Model = new() { Directory = models } });

// 1. The SSD box relative to the points' bounding box, DevTrain only.
var rel = new ConcurrentBag<double[]>();
Parallel.ForEach(lines.Where(l => trainImages.Contains(l.Split('\t')[0])), new ParallelOptions { MaxDegreeOfParallelism = 2 }, line =>
{
    string[] f = line.Split('\t');
    if (f[1] != "hog")
    {
        return;
    }

    using Image<Rgb24> image = FaceImage.Load(Path.Combine(lfw, f[0]));
    var hog = Box(f);
    var best = ssd.Detect(image).Where(s => s.Score >= 0.5f).Select(s => (s, iou: Iou(s, hog))).OrderByDescending(t => t.iou).FirstOrDefault();
    if (best.iou < 0.3)
    {
        return;
    }

    var (bx, by, bw, bh) = Bounds(Points(f, 6));
    rel.Add([(best.s.X - bx) / bw, (best.s.Y - by) / bh, best.s.Width / bw, best.s.Height / bh]);
});
double[] median = Enumerable.Range(0, 4).Select(k => Median(rel.Select(r => r[k]))).ToArray();
Console.WriteLine(FormattableString.Invariant(
    $"SSD box from the points' box, {rel.Count} DevTrain faces (medians): x {median[0]:F4} w, y {median[1]:F4} h, width {median[2]:F4} w, height {median[3]:F4} h"));

// 2. The refined points for every image.
int[] flip = MirrorOrder();
var outputs = new[] { "mirror", "pass2", "pass2mirror" }.ToDictionary(n => n, _ => new string[lines.Length]);
int done = 0;
Parallel.For(0, lines.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
{
    string[] f = lines[i].Split('\t');
    using Image<Rgb24> image = FaceImage.Load(Path.Combine(lfw, f[0]));
    using Image<Rgb24> mirrored = image.Clone(c => c.Flip(FlipMode.Horizontal));
    DetectedFace box = Box(f);
    Vector2[] first = Points(f, 6);
    var (bx, by, bw, bh) = Bounds(first);
    var rebuilt = new DetectedFace((float)(bx + (median[0] * bw)), (float)(by + (median[1] * bh)), (float)(median[2] * bw), (float)(median[3] * bh), 1);
    Vector2[] pass2 = faceApi.Detect(image, rebuilt).ToArray();
    outputs["mirror"][i] = Line(f, Average(first, Mirrored(box)));
    outputs["pass2"][i] = Line(f, pass2);
    outputs["pass2mirror"][i] = Line(f, Average(pass2, Mirrored(rebuilt)));
    if (Interlocked.Increment(ref done) % 1000 == 0)
    {
        Console.Error.WriteLine($"{done}/{lines.Length}");
    }

    Vector2[] Mirrored(DetectedFace b)
    {
        var m = new DetectedFace(image.Width - b.X - b.Width, b.Y, b.Width, b.Height, b.Score);
        Vector2[] p = faceApi.Detect(mirrored, m).ToArray();
        return Enumerable.Range(0, 68).Select(k => new Vector2(image.Width - p[flip[k]].X, p[flip[k]].Y)).ToArray();
    }
});

foreach (var (name, rows) in outputs)
{
    string path = Path.Combine(outDir, name + ".tsv");
    File.WriteAllLines(path + ".tmp", rows);
    File.Move(path + ".tmp", path, overwrite: true);
}

static DetectedFace Box(string[] f) => new(
    float.Parse(f[2], CultureInfo.InvariantCulture), float.Parse(f[3], CultureInfo.InvariantCulture),
    float.Parse(f[4], CultureInfo.InvariantCulture), float.Parse(f[5], CultureInfo.InvariantCulture), 1);

static Vector2[] Points(string[] f, int start) => Enumerable.Range(0, 68).Select(k => new Vector2(
    float.Parse(f[start + (2 * k)], CultureInfo.InvariantCulture), float.Parse(f[start + (2 * k) + 1], CultureInfo.InvariantCulture))).ToArray();

static (double X, double Y, double W, double H) Bounds(Vector2[] p)
{
    double x0 = p.Min(q => q.X), y0 = p.Min(q => q.Y), x1 = p.Max(q => q.X), y1 = p.Max(q => q.Y);
    return (x0, y0, x1 - x0, y1 - y0);
}

static double Iou(DetectedFace a, DetectedFace b)
{
    double w = Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X), h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y);
    if (w <= 0 || h <= 0)
    {
        return 0;
    }

    double inter = w * h;
    return inter / ((a.Width * a.Height) + (b.Width * b.Height) - inter);
}

static double Median(IEnumerable<double> values)
{
    double[] v = values.Order().ToArray();
    return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
}

static Vector2[] Average(Vector2[] a, Vector2[] b) => a.Zip(b, (p, q) => (p + q) / 2).ToArray();

static string Line(string[] f, Vector2[] points)
{
    var sb = new StringBuilder();
    sb.AppendJoin('\t', f.Take(6));
    foreach (var p in points)
    {
        sb.Append(CultureInfo.InvariantCulture, $"\t{p.X:R}\t{p.Y:R}");
    }

    sb.Append('\t').AppendJoin('\t', f.Skip(142));
    return sb.ToString();
}

// iBUG 68-point index of each point's mirror image.
static int[] MirrorOrder()
{
    var m = Enumerable.Range(0, 68).ToArray();
    void Swap(int a, int b) => (m[a], m[b]) = (b, a);
    for (int k = 0; k <= 7; k++)
    {
        Swap(k, 16 - k);
    }

    for (int k = 0; k < 5; k++)
    {
        Swap(17 + k, 26 - k);
    }

    Swap(31, 35);
    Swap(32, 34);
    Swap(36, 45);
    Swap(37, 44);
    Swap(38, 43);
    Swap(39, 42);
    Swap(40, 47);
    Swap(41, 46);
    Swap(48, 54);
    Swap(49, 53);
    Swap(50, 52);
    Swap(55, 59);
    Swap(56, 58);
    Swap(60, 64);
    Swap(61, 63);
    Swap(65, 67);
    return m;
}
