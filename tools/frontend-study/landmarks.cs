#:project ../../src/FaceMetric/FaceMetric.csproj
#:property TreatWarningsAsErrors=true
#:property Nullable=enable

// Step 1 of the default-front-end study (issue 12): for every LFW View 1 image (pairsDevTrain.txt and pairsDevTest.txt),
// the subject face's box from dlib's HOG detector (upsampled once; the face nearest the centre), else from dlib's CNN
// detector (upsampled once), else dlib's centred LFW box; face-api.js's 68 points on that box; and, where Debian's
// libdlib-data is installed, dlib's 68-point shape predictor's points on the same box (used only as the target of the
// DevTrain-fitted chip correction and as a reference, never as a landmark model).
// Usage: dotnet run landmarks.cs -- LFW_DIR MODELS_DIR OUT.tsv
// Output: one line per image: relative path, box source (hog|cnn|centre), x y w h, 136 face-api values, 136 dlib values
// (or "-" where no shape predictor is installed).
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using FaceMetric;
using FaceMetric.Detection;
using FaceMetric.Evaluation;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

string lfw = args[0], models = args[1], outPath = args[2];
var images = new List<string>();
foreach (string pairs in new[] { "pairsDevTrain.txt", "pairsDevTest.txt" })
{
    images.AddRange(PairsProtocol.Load(Path.Combine(lfw, pairs), Path.Combine(lfw, "images_deepfunneled")).Images);
}

images = images.Distinct(StringComparer.Ordinal).ToList();
using var hog = new HogFaceDetector(new HogDetectorOptions { Model = new() { Directory = models }, Upsample = 1 });
using var cnn = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { Directory = models }, Upsample = 1 });
using var faceApi = new OnnxLandmarkDetector(new LandmarkDetectorOptions { Model = new() { Directory = models } });
using DlibShapePredictor? dlib = File.Exists(DlibShapePredictor.DebianModelPath) ? new DlibShapePredictor(DlibShapePredictor.DebianModelPath) : null;
var lines = new ConcurrentDictionary<int, string>();
int done = 0;
Parallel.For(0, images.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
{
    using Image<Rgb24> image = FaceImage.Load(images[i]);
    string source = "hog";
    DetectedFace? face = SubjectFace.Find(hog.Detect(image), image.Width, image.Height);
    if (face is null)
    {
        source = "cnn";
        face = SubjectFace.Find(cnn.Detect(image), image.Width, image.Height);
    }

    if (face is null)
    {
        source = "centre";
        float left = MathF.Floor(image.Width / 4f), top = MathF.Floor(image.Height / 4f);
        face = new DetectedFace(left, top, image.Width - (2 * left), image.Height - (2 * top), 0);
    }

    DetectedFace box = face.Value;

    var sb = new StringBuilder();
    sb.Append(Path.GetRelativePath(lfw, images[i])).Append('\t').Append(source);
    sb.Append(CultureInfo.InvariantCulture, $"\t{box.X:R}\t{box.Y:R}\t{box.Width:R}\t{box.Height:R}");
    Append(sb, faceApi.Detect(image, box));
    if (dlib is null)
    {
        sb.Append("\t-");
    }
    else
    {
        Append(sb, dlib.Detect(image, [box])[0]);
    }

    lines[i] = sb.ToString();
    int n = Interlocked.Increment(ref done);
    if (n % 500 == 0)
    {
        Console.Error.WriteLine($"{n}/{images.Count}");
    }
});

File.WriteAllLines(outPath + ".tmp", Enumerable.Range(0, images.Count).Select(i => lines[i]));
File.Move(outPath + ".tmp", outPath, overwrite: true);
Console.WriteLine($"{images.Count} images: " + string.Join(", ", lines.Values.GroupBy(l => l.Split('\t')[1]).Select(g => $"{g.Key} {g.Count()}")));

static void Append(StringBuilder sb, FaceLandmarks points)
{
    foreach (var p in points.Points)
    {
        sb.Append(CultureInfo.InvariantCulture, $"\t{p.X:R}\t{p.Y:R}");
    }
}
