#:project ../../src/FaceMetric/FaceMetric.csproj
#:property TreatWarningsAsErrors=true
#:property Nullable=enable

// Faces found by FaceMetric's three detectors on the same photos: CnnFaceDetector (dlib's MMOD CNN), HogFaceDetector
// (dlib's HOG) and SsdFaceDetector (face-api.js's SSD, score > 0.5), each at the upsampling given. One JSON document on
// stdout: per image, per detector, the boxes [x, y, w, h] and scores.
// Usage: dotnet run compare.cs -- MODELS_DIR UPSAMPLE_CNN UPSAMPLE_HOG UPSAMPLE_SSD IMAGE...   (an argument @FILE reads
// image paths, one per line, relative to FILE's folder's BASE given as @FILE:BASE)
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceMetric.Detection;
using FaceMetric.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

string models = args[0];
int upCnn = int.Parse(args[1], CultureInfo.InvariantCulture), upHog = int.Parse(args[2], CultureInfo.InvariantCulture), upSsd = int.Parse(args[3], CultureInfo.InvariantCulture);
var images = new List<string>();
foreach (string a in args.Skip(4))
{
    if (a.StartsWith('@'))
    {
        string[] parts = a[1..].Split(':', 2);
        images.AddRange(File.ReadLines(parts[0]).Where(l => l.Length > 0).Select(l => Path.Combine(parts[1], l)));
    }
    else
    {
        images.Add(a);
    }
}

using var cnn = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { Directory = models }, Upsample = upCnn });
using var hog = new HogFaceDetector(new HogDetectorOptions { Model = new() { Directory = models }, Upsample = upHog });
using var ssd = new SsdFaceDetector(new SsdDetectorOptions { Model = new() { Directory = models }, Upsample = upSsd });
var detectors = new (string Name, IFaceDetector Detector)[] { ("cnn", cnn), ("hog", hog), ("ssd", ssd) };
var totals = detectors.ToDictionary(d => d.Name, _ => (Faces: 0, Images: 0, Ms: 0.0));
using var stdout = Console.OpenStandardOutput();
using var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
w.WriteStartObject();
w.WriteString("generator", "tools/detector-compare/compare.cs");
w.WriteStartObject("upsample");
w.WriteNumber("cnn", upCnn);
w.WriteNumber("hog", upHog);
w.WriteNumber("ssd", upSsd);
w.WriteEndObject();
w.WriteStartArray("images");
foreach (string path in images)
{
    using Image<Rgb24> image = FaceImage.Load(path);
    w.WriteStartObject();
    w.WriteString("image", path);
    w.WriteNumber("width", image.Width);
    w.WriteNumber("height", image.Height);
    foreach (var (name, detector) in detectors)
    {
        var sw = Stopwatch.StartNew();
        IReadOnlyList<DetectedFace> faces = detector.Detect(image);
        double ms = sw.Elapsed.TotalMilliseconds;
        var t = totals[name];
        totals[name] = (t.Faces + faces.Count, t.Images + (faces.Count > 0 ? 1 : 0), t.Ms + ms);
        w.WriteStartArray(name);
        foreach (DetectedFace f in faces)
        {
            w.WriteStartArray();
            foreach (float v in new[] { f.X, f.Y, f.Width, f.Height })
            {
                w.WriteNumberValue(Math.Round(v, 2));
            }

            w.WriteNumberValue(Math.Round(f.Score, 4));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    w.WriteEndObject();
}

w.WriteEndArray();
w.WriteStartObject("totals");
foreach (var (name, (faces, withFace, ms)) in totals)
{
    w.WriteStartObject(name);
    w.WriteNumber("faces", faces);
    w.WriteNumber("images_with_a_face", withFace);
    w.WriteNumber("images", images.Count);
    w.WriteNumber("total_ms", Math.Round(ms));
    w.WriteEndObject();
}

w.WriteEndObject();
w.WriteEndObject();
