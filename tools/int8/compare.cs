#:project ../../src/FaceMetric/FaceMetric.csproj
#:property TreatWarningsAsErrors=true
#:property Nullable=enable

// Int8 embedder study (speed issue, item 5), step 3: the int8 model against the float model on the same chips.
// Usage: dotnet run compare.cs -- FP32.onnx INT8.onnx LFW_DIR CHIPS_DIR JOHNS_DIR [--bench SECONDS] [--devtest] [--ops OUT.onnx]
//   descriptor distance int8 vs fp32 (chip alone, and the default front end's chip+mirror mean) on johns and DevTrain;
//   LFW View 1 DevTrain accuracy of each (threshold chosen on DevTrain); --devtest adds the DevTest distances and
//   accuracy (threshold from DevTrain): run once, for the calibration chosen on DevTrain. --devtest-distance: only the
//   DevTest descriptor distances int8 vs fp32 (no accuracy, no threshold).
//   --bench S: ms/face at batch 1 and 8, one thread, fp32 and int8 interleaved in rounds (p10/p50), S seconds each.
//   --quick FILE: only the distances on johns and on FILE's chips k % 8 == 4 (choosing a calibration on DevTrain).
//   --ops F: writes ONNX Runtime's optimised int8 graph to F (to see which QDQ groups were fused).
using System.Diagnostics;
using System.Globalization;
using FaceMetric.Embedding;
using FaceMetric.Evaluation;
using FaceMetric.Imaging;
using FaceMetric.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

const int ChipBytes = 150 * 150 * 3;
string fp32Path = args[0], int8Path = args[1], lfw = args[2], chipsDir = args[3], johnsDir = args[4];
bool devtest = args.Contains("--devtest"), devtestDistance = devtest || args.Contains("--devtest-distance");
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (Arg("--ops") is { } opsOut)
{
    using var so = new Microsoft.ML.OnnxRuntime.SessionOptions { GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = opsOut, IntraOpNumThreads = 1 };
    using var s = new Microsoft.ML.OnnxRuntime.InferenceSession(int8Path, so);
    Console.WriteLine("optimised int8 graph written to " + opsOut);
}

var inference = new InferenceOptions { IntraOpThreads = 1, InterOpThreads = 1 };
using var fp32 = new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new() { FilePath = fp32Path, Inference = inference }, MaxBatchSize = 8 });
using var int8 = new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new() { FilePath = int8Path, Inference = inference }, MaxBatchSize = 8 });

// johns: 55 aligned chips.
var johnFiles = Directory.EnumerateFiles(johnsDir, "*.*", SearchOption.AllDirectories)
    .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal).ToList();
var johns = new byte[johnFiles.Count * ChipBytes];
for (int i = 0; i < johnFiles.Count; i++)
{
    using Image<Rgb24> chip = FaceImage.Load(johnFiles[i]);
    if (chip.Width != 150 || chip.Height != 150)
    {
        throw new InvalidDataException(johnFiles[i] + " is not a 150x150 chip");
    }

    chip.CopyPixelDataTo(johns.AsSpan(i * ChipBytes, ChipBytes));
}

Report("johns", johns, Describe(johnFiles, johns));

if (Arg("--bench") is { } benchSeconds)
{
    Bench(double.Parse(benchSeconds, CultureInfo.InvariantCulture), johns.AsSpan(0, 8 * ChipBytes).ToArray());
}

// --quick FILE: distances only, on the chips of FILE not used by an "--every 8" calibration (k % 8 == 4).
if (Arg("--quick") is { } quickFile)
{
    byte[] all = File.ReadAllBytes(quickFile);
    var held = new List<byte>();
    for (int k = 4; (k + 1) * ChipBytes <= all.Length; k += 8)
    {
        held.AddRange(all.AsSpan(k * ChipBytes, ChipBytes).ToArray());
    }

    Report("DevTrain held-out (k % 8 == 4)", [.. held]);
    return;
}

var (trainNames, trainChips) = LoadChips("devtrain");
var train = Describe(trainNames, trainChips);
Report("LFW DevTrain", trainChips, train);
var trainPairs = PairsProtocol.Load(Path.Combine(lfw, "pairsDevTrain.txt"), Path.Combine(lfw, "images_deepfunneled"));
PairsProtocol? testPairs = null;
(Dictionary<string, float[]>[] Fp32, Dictionary<string, float[]>[] Int8) test = default;
if (devtestDistance)
{
    var (testNames, testChips) = LoadChips("devtest");
    test = Describe(testNames, testChips);
    Report("LFW DevTest", testChips, test);
    if (devtest)
    {
        testPairs = PairsProtocol.Load(Path.Combine(lfw, "pairsDevTest.txt"), Path.Combine(lfw, "images_deepfunneled"));
    }
}

foreach (int k in new[] { 0, 1 })
{
    string what = k == 0 ? "chip alone" : "chip+mirror mean (default front end)";
    var (d32, s32) = Distances(trainPairs, train.Fp32[k]);
    var (d8, s8) = Distances(trainPairs, train.Int8[k]);
    var r32 = VerificationReport.TrainTest(d32, s32, d32, s32);
    var r8 = VerificationReport.TrainTest(d8, s8, d8, s8);
    Console.WriteLine($"DevTrain accuracy, {what}: fp32 {r32.MeanAccuracy:P2} (t={r32.Folds[0].Threshold:F4}), int8 {r8.MeanAccuracy:P2} (t={r8.Folds[0].Threshold:F4}); at 0.6: fp32 {VerificationReport.AtThreshold(d32, s32, 0.6).MeanAccuracy:P2}, int8 {VerificationReport.AtThreshold(d8, s8, 0.6).MeanAccuracy:P2}");
    if (testPairs is not null)
    {
        var (t32, ts32) = Distances(testPairs, test.Fp32![k]);
        var (t8, ts8) = Distances(testPairs, test.Int8![k]);
        var q32 = VerificationReport.TrainTest(d32, s32, t32, ts32);
        var q8 = VerificationReport.TrainTest(d8, s8, t8, ts8);
        Console.WriteLine($"DevTest accuracy, {what} (DevTrain threshold): fp32 {q32.MeanAccuracy:P2}, int8 {q8.MeanAccuracy:P2}; at 0.6: fp32 {VerificationReport.AtThreshold(t32, ts32, 0.6).MeanAccuracy:P2}, int8 {VerificationReport.AtThreshold(t8, ts8, 0.6).MeanAccuracy:P2}");
    }
}

(List<string> Names, byte[] Chips) LoadChips(string split) =>
    (File.ReadAllLines(Path.Combine(chipsDir, split + ".txt")).ToList(), File.ReadAllBytes(Path.Combine(chipsDir, split + ".chips")));

(double[] D, bool[] Same) Distances(PairsProtocol p, Dictionary<string, float[]> d)
{
    return (p.Pairs.Select(x => Distance(d[Path.GetRelativePath(lfw, x.PathA)], d[Path.GetRelativePath(lfw, x.PathB)])).ToArray(), p.Pairs.Select(x => x.IsSame).ToArray());
}

// Descriptors of each chip, fp32 and int8, [0] the chip alone and [1] the mean with its mirror image.
(Dictionary<string, float[]>[] Fp32, Dictionary<string, float[]>[] Int8) Describe(List<string> names, byte[] chips)
{
    byte[] mirrored = Mirror(chips);
    var a = EmbedAll(fp32, chips);
    var am = EmbedAll(fp32, mirrored);
    var b = EmbedAll(int8, chips);
    var bm = EmbedAll(int8, mirrored);
    Dictionary<string, float[]> Map(float[][] x) => names.Select((n, i) => (n, x[i])).ToDictionary(t => t.n, t => t.Item2, StringComparer.Ordinal);
    float[][] Mean(float[][] x, float[][] y) => x.Select((v, i) => v.Select((f, j) => (f + y[i][j]) / 2).ToArray()).ToArray();
    return ([Map(a), Map(Mean(a, am))], [Map(b), Map(Mean(b, bm))]);
}

void Report(string what, byte[] chips, (Dictionary<string, float[]>[] Fp32, Dictionary<string, float[]>[] Int8)? described = null)
{
    float[][] a, b;
    if (described is { } d)
    {
        a = d.Fp32[0].Values.ToArray();
        b = d.Int8[0].Values.ToArray();
    }
    else
    {
        a = EmbedAll(fp32, chips);
        b = EmbedAll(int8, chips);
    }

    Print(what, a, b);
    if (described is { } dm)
    {
        Print(what + " (chip+mirror mean)", dm.Fp32[1].Values.ToArray(), dm.Int8[1].Values.ToArray());
    }
}

static void Print(string what, float[][] a, float[][] b)
{
    var dist = a.Select((v, i) => Distance(v, b[i])).Order().ToArray();
    Console.WriteLine($"{what}: {dist.Length} chips, distance int8 vs fp32: median {dist[dist.Length / 2]:F4}, p90 {dist[(int)(dist.Length * 0.9)]:F4}, p99 {dist[(int)(dist.Length * 0.99)]:F4}, max {dist[^1]:F4}");
}

static float[][] EmbedAll(OnnxFaceEmbedder e, byte[] chips)
{
    int n = chips.Length / ChipBytes;
    var result = new float[n][];
    for (int start = 0; start < n; start += 64)
    {
        int count = Math.Min(64, n - start);
        var ds = e.Embed(chips.AsSpan(start * ChipBytes, count * ChipBytes), count);
        for (int i = 0; i < count; i++)
        {
            result[start + i] = ds[i].ToArray();
        }
    }

    return result;
}

static byte[] Mirror(byte[] chips)
{
    var m = new byte[chips.Length];
    for (int row = 0; row < chips.Length / (150 * 3); row++)
    {
        for (int x = 0; x < 150; x++)
        {
            chips.AsSpan((row * 450) + (x * 3), 3).CopyTo(m.AsSpan((row * 450) + ((149 - x) * 3), 3));
        }
    }

    return m;
}

static double Distance(float[] a, float[] b)
{
    double s = 0;
    for (int i = 0; i < a.Length; i++)
    {
        s += (a[i] - b[i]) * (double)(a[i] - b[i]);
    }

    return Math.Sqrt(s);
}

void Bench(double seconds, byte[] eight)
{
    var times = new Dictionary<string, List<double>>(StringComparer.Ordinal);
    foreach (var (name, e) in new[] { ("fp32", fp32), ("int8", int8) })
    {
        e.Embed(eight, 8); // warm-up
        times[name + " b1"] = [];
        times[name + " b8"] = [];
    }

    // Rounds of 0.5 s per model and batch, interleaved, so both see the same phases of a shared VM.
    var total = Stopwatch.StartNew();
    while (total.Elapsed.TotalSeconds < seconds * 4)
    {
        foreach (var (name, e) in new[] { ("fp32", fp32), ("int8", int8) })
        {
            foreach (int batch in new[] { 1, 8 })
            {
                var round = Stopwatch.StartNew();
                while (round.Elapsed.TotalSeconds < 0.5)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    e.Embed(eight.AsSpan(0, batch * ChipBytes), batch);
                    times[$"{name} b{batch}"].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds / batch);
                }
            }
        }
    }

    foreach (var (key, list) in times)
    {
        list.Sort();
        Console.WriteLine($"bench {key}: p10 {P(list, 10):F2} ms/face, p50 {P(list, 50):F2} ms/face ({list.Count} calls, 1 thread)");
    }

    static double P(List<double> s, double p)
    {
        double pos = p / 100 * (s.Count - 1);
        int lo = (int)pos, hi = Math.Min(lo + 1, s.Count - 1);
        return s[lo] + ((s[hi] - s[lo]) * (pos - lo));
    }
}

string? Arg(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
