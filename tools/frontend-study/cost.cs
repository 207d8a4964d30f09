#:project ../../src/FaceMetric/FaceMetric.csproj
#:property TreatWarningsAsErrors=true
#:property Nullable=enable

// Per-photo cost of the default front end beside dlib's (issue 12): the same decoded photos through
// FaceAnalyzer.Analyze (detect + landmarks + chip + embed) with FrontEnd = DlibCompatible and FrontEnd = Dlib, models
// loaded before timing, the two interleaved photo by photo for ROUNDS rounds; prints per front end the median over
// rounds of the total, ms per photo and per face, and the ratio.
// Usage: dotnet run -c Release cost.cs -- MODELS_DIR ROUNDS PATH...   (needs dlib's 68-point .dat for the Dlib side)
using System.Diagnostics;
using System.Globalization;
using FaceMetric;
using FaceMetric.Imaging;
using FaceMetric.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

string models = args[0];
int rounds = int.Parse(args[1], CultureInfo.InvariantCulture);
var paths = args.Skip(2).SelectMany<string, string>(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(FaceImage.IsImageFileName).Order(StringComparer.Ordinal) : [p]).ToList();
var images = paths.Select(p => FaceImage.Load(p)).ToList();
var frontEnds = new[] { FaceFrontEnd.DlibCompatible, FaceFrontEnd.Dlib };
var analyzers = frontEnds.Select(f => new FaceAnalyzer(new FaceAnalyzerOptions { Models = new ModelOptions { Directory = models }, FrontEnd = f })).ToArray();
var totals = frontEnds.Select(_ => new List<double>()).ToArray();
var faces = new int[frontEnds.Length];
foreach (var a in analyzers)
{
    a.Analyze(images[0]); // warm-up
}

for (int r = 0; r < rounds; r++)
{
    var sum = new double[frontEnds.Length];
    foreach (Image<Rgb24> image in images)
    {
        for (int f = 0; f < frontEnds.Length; f++)
        {
            int which = (r % 2 == 0) ? f : frontEnds.Length - 1 - f; // alternate which goes first
            long t0 = Stopwatch.GetTimestamp();
            int n = analyzers[which].Analyze(image).Count;
            sum[which] += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (r == 0)
            {
                faces[which] += n;
            }
        }
    }

    for (int f = 0; f < frontEnds.Length; f++)
    {
        totals[f].Add(sum[f]);
    }
}

Console.WriteLine($"{images.Count} photos, {rounds} rounds, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
var medians = new double[frontEnds.Length];
for (int f = 0; f < frontEnds.Length; f++)
{
    var t = totals[f].Order().ToList();
    medians[f] = t[t.Count / 2];
    Console.WriteLine(FormattableString.Invariant(
        $"{frontEnds[f],-15} faces {faces[f],4}  median total {medians[f]:F0} ms  {medians[f] / images.Count:F1} ms/photo  {medians[f] / Math.Max(1, faces[f]):F1} ms/face  (rounds: {string.Join(", ", totals[f].Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))})"));
}

Console.WriteLine(FormattableString.Invariant($"ratio DlibCompatible / Dlib per photo: {medians[0] / medians[1]:F3}"));
foreach (var a in analyzers)
{
    a.Dispose();
}
