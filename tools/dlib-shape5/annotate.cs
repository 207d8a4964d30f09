#:project ../../src/FaceMetric/FaceMetric.csproj
#:property TreatWarningsAsErrors=true
#:property Nullable=enable

// Writes the training and test sets of the small 5-point shape predictor (dlib imglab XML): LFW View 1 DevTrain images
// (../shared/data/lfw/images_deepfunneled, in the order pairsDevTrain.txt first names them), each face boxed by
// FaceMetric's port of dlib's HOG detector (upsampled once, as face_recognition does; the largest box) and its 5 points
// taken from face-api.js's 68-point landmark net (FaceMetric's OnnxLandmarkDetector, MIT): iBUG points 45, 42, 36, 39
// and 33 in dlib's 5-point order (corners of the eye on the image's right, outer then inner; of the other eye, outer
// then inner; the base of the nose).
// Usage: dotnet run annotate.cs -- LFW_DIR MODELS_DIR OUT_DIR TRAIN_COUNT TEST_COUNT
using System.Globalization;
using System.Text;
using FaceMetric.Detection;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

string lfw = args[0], models = args[1], outDir = args[2];
int trainCount = int.Parse(args[3], CultureInfo.InvariantCulture), testCount = int.Parse(args[4], CultureInfo.InvariantCulture);
int[] ibug = [45, 42, 36, 39, 33];

var names = new List<string>();
foreach (string line in File.ReadLines(Path.Combine(lfw, "pairsDevTrain.txt")).Skip(1))
{
    string[] f = line.Split('\t');
    var items = f.Length == 3
        ? new[] { (f[0], int.Parse(f[1], CultureInfo.InvariantCulture)), (f[0], int.Parse(f[2], CultureInfo.InvariantCulture)) }
        : new[] { (f[0], int.Parse(f[1], CultureInfo.InvariantCulture)), (f[2], int.Parse(f[3], CultureInfo.InvariantCulture)) };
    foreach (var (name, n) in items)
    {
        string rel = $"images_deepfunneled/{name}/{name}_{n:0000}.jpg";
        if (!names.Contains(rel))
        {
            names.Add(rel);
        }
    }
}

using var hog = new HogFaceDetector(new HogDetectorOptions { Model = new() { Directory = models }, Upsample = 1 });
using var landmarks = new OnnxLandmarkDetector(new LandmarkDetectorOptions { Model = new() { FilePath = Path.Combine(models, OnnxLandmarkDetector.DefaultModelFileName) } });
var train = new StringBuilder();
var test = new StringBuilder();
int written = 0, skipped = 0;
foreach (string rel in names)
{
    if (written == trainCount + testCount)
    {
        break;
    }

    using Image<Rgb24> image = FaceImage.Load(Path.Combine(lfw, rel));
    IReadOnlyList<DetectedFace> faces = hog.Detect(image);
    if (faces.Count == 0)
    {
        skipped++;
        continue;
    }

    DetectedFace face = faces.MaxBy(f => f.Width * f.Height);
    FaceLandmarks points = landmarks.Detect(image, face);
    var sb = written < trainCount ? train : test;
    sb.Append(CultureInfo.InvariantCulture, $"  <image file='{rel}'>\n    <box top='{face.Y:0}' left='{face.X:0}' width='{face.Width:0}' height='{face.Height:0}'>\n");
    for (int i = 0; i < ibug.Length; i++)
    {
        sb.Append(CultureInfo.InvariantCulture, $"      <part name='{i:00}' x='{MathF.Round(points[ibug[i]].X):0}' y='{MathF.Round(points[ibug[i]].Y):0}'/>\n");
    }

    sb.Append("    </box>\n  </image>\n");
    written++;
}

Directory.CreateDirectory(outDir);
foreach (var (file, body) in new[] { ("train.xml", train), ("test.xml", test) })
{
    string xml = "<?xml version='1.0' encoding='ISO-8859-1'?>\n<dataset>\n<name>FaceMetric 5-point test set: LFW View 1 DevTrain, HOG boxes, face-api 68-point landmarks</name>\n<images>\n" + body + "</images>\n</dataset>\n";
    string path = Path.Combine(outDir, file);
    File.WriteAllText(path + ".tmp", xml);
    File.Move(path + ".tmp", path, overwrite: true);
}

Console.WriteLine($"{written} faces written ({Math.Min(written, trainCount)} train, {Math.Max(0, written - trainCount)} test), {skipped} images without a HOG face skipped");
