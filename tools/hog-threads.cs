#:project ../src/FaceMetric/FaceMetric.csproj
#:property TreatWarningsAsErrors=true
#:property Nullable=enable

// dlib's HOG detector on one thread against the default (pyramid levels scanned at once on all cores), the two calls
// interleaved photo by photo for ROUNDS rounds after two warm-up calls each; prints p50 and min per side and the ratio.
// The faces found must be the same. Usage: dotnet run -c Release tools/hog-threads.cs -- ROUNDS PHOTO...
using System.Diagnostics;
using FaceMetric.Detection;
using FaceMetric.Imaging;
using FaceMetric.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

string models = Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "..", "models");
int rounds = int.Parse(args[0]);
foreach (string path in args.Skip(1))
{
    using Image<Rgb24> photo = FaceImage.Load(path);
    foreach (int up in new[] { 0, 1 })
    {
        using var one = new HogFaceDetector(new HogDetectorOptions { Upsample = up, Model = new ModelOptions { Directory = models, Inference = new InferenceOptions { IntraOpThreads = 1 } } });
        using var all = new HogFaceDetector(new HogDetectorOptions { Upsample = up, Model = new ModelOptions { Directory = models } });
        var t1 = new List<double>();
        var t2 = new List<double>();
        for (int w = 0; w < 2; w++)
        {
            one.Detect(photo);
            all.Detect(photo);
        }

        for (int r = 0; r < rounds; r++)
        {
            long a = Stopwatch.GetTimestamp();
            IReadOnlyList<DetectedFace> f1 = one.Detect(photo);
            t1.Add(Stopwatch.GetElapsedTime(a).TotalMilliseconds);
            long b = Stopwatch.GetTimestamp();
            IReadOnlyList<DetectedFace> f2 = all.Detect(photo);
            t2.Add(Stopwatch.GetElapsedTime(b).TotalMilliseconds);
            if (!f1.SequenceEqual(f2))
            {
                throw new InvalidOperationException("the two detectors found different faces");
            }
        }
        t1.Sort();
        t2.Sort();
        Console.WriteLine($"{Path.GetFileName(path)} upsample {up}: one thread p50 {t1[rounds / 2]:F1} ms (min {t1[0]:F1}), all cores p50 {t2[rounds / 2]:F1} ms (min {t2[0]:F1}); ratio p50 {t1[rounds / 2] / t2[rounds / 2]:F2}");
    }
}
