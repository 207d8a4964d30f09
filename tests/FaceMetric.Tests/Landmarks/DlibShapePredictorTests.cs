using FaceMetric.Onnx;
using System.Numerics;
using System.Text.Json;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Landmarks;

/// <summary>
/// dlib's 68-point shape predictor, read from Debian's libdlib-data model file (installed by .ci/run), against the
/// landmarks dlib 19.24 itself computed for the same rectangles on the same decoded pixels (reference/dlib).
/// </summary>
public sealed class DlibShapePredictorTests(ITestOutputHelper output)
{
    private static readonly Lazy<DlibShapePredictor> Predictor = new(() => new DlibShapePredictor());

    public static TheoryData<string, string, string> Cases => new()
    {
        { "reference/dlib/align_bald_guys.json", "bald_guys", "reference/dlib/decoded/bald_guys_decoded.png" },
        { "reference/dlib/faces/align.json", "obama2", "reference/dlib/faces/decoded/obama2_decoded.png" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryLandmarkIsDlibsGivenDlibsRectangleAndPixels(string json, string image, string decoded)
    {
        using Image<Rgb24> pixels = FaceImage.Load(Fixtures.Path(decoded));
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path(json)));
        int faces = 0, points = 0, exact = 0;
        double worst = 0;
        foreach (JsonElement img in doc.RootElement.GetProperty("images").EnumerateArray())
        {
            if (!img.GetProperty("image").GetString()!.Contains(image, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (JsonElement face in img.GetProperty("faces").EnumerateArray())
            {
                JsonElement r = face.GetProperty("shape_rect");
                FaceLandmarks ours = Predictor.Value.Predict(
                    pixels, r.GetProperty("left").GetInt64(), r.GetProperty("top").GetInt64(), r.GetProperty("right").GetInt64(), r.GetProperty("bottom").GetInt64());
                Vector2[] dlib = face.GetProperty("landmarks").EnumerateArray().Select(p => new Vector2(p[0].GetSingle(), p[1].GetSingle())).ToArray();
                for (int i = 0; i < FaceLandmarks.Ibug68Count; i++)
                {
                    double d = (ours[i] - dlib[i]).Length();
                    worst = Math.Max(worst, d);
                    exact += d == 0 ? 1 : 0;
                    points++;
                }

                faces++;
            }
        }

        output.WriteLine($"{image}: {faces} faces, {exact}/{points} points identical to dlib's, worst {worst:F2} px");
        Assert.True(faces > 0);
        Assert.Equal(points, exact);
    }

    [Fact]
    public void MissingAndCorruptModelFilesGiveFaceModelException()
    {
        var missing = Assert.Throws<FaceModelException>(() => new DlibShapePredictor("/no/such/shape_predictor.dat"));
        Assert.Contains("libdlib-data", missing.Message);

        string bad = Path.Combine(Path.GetTempPath(), $"facemetric-sp-{Guid.NewGuid():N}.dat");
        byte[] real = File.ReadAllBytes(DlibShapePredictor.DebianModelPath);
        try
        {
            File.WriteAllBytes(bad, real[..4096]);
            Assert.Throws<FaceModelException>(() => new DlibShapePredictor(bad));
            File.WriteAllBytes(bad, File.ReadAllBytes(Fixtures.Path("reference/dlib/decoded/bald_guys_decoded.png"))[..4096]);
            Assert.Throws<FaceModelException>(() => new DlibShapePredictor(bad));
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public void DetectorBoxesAreMappedToDlibRectanglesAndGiveTheSameFace()
    {
        using Image<Rgb24> pixels = FaceImage.Load(Fixtures.Path("reference/dlib/faces/decoded/obama2_decoded.png"));
        using var detector = new FaceMetric.Detection.SsdFaceDetector(new FaceMetric.Detection.SsdDetectorOptions { Model = new ModelOptions { Directory = Path.Combine(Fixtures.RepoRoot, "models") } });
        var box = Assert.Single(detector.Detect(pixels));
        using var mapped = new DlibShapePredictor(new ShapePredictorOptions(), DlibBoxMapping.FromSsd);
        FaceLandmarks ours = mapped.Detect(pixels, [box])[0];
        var dlib = DlibFaces("reference/dlib/faces/align.json", "obama2").Single();
        double mean = Enumerable.Range(0, 68).Average(i => (ours[i] - dlib[i]).Length());
        output.WriteLine($"obama2 through the SSD box: mean landmark distance to dlib's {mean:F2} px");
        Assert.True(mean < 3.0);
    }

    private static IEnumerable<Vector2[]> DlibFaces(string json, string image)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path(json)));
        return doc.RootElement.GetProperty("images").EnumerateArray()
            .Where(i => i.GetProperty("image").GetString()!.Contains(image, StringComparison.Ordinal))
            .SelectMany(i => i.GetProperty("faces").EnumerateArray())
            .Select(f => f.GetProperty("landmarks").EnumerateArray().Select(p => new Vector2(p[0].GetSingle(), p[1].GetSingle())).ToArray())
            .ToList();
    }
}
