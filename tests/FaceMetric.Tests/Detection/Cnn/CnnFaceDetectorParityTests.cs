using System.Text.Json;
using FaceMetric.Detection;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Detection.Cnn;

/// <summary>
/// The CNN detector against dlib 19.24 itself: reference/dlib/cnn/detections.json was written by tools/dlib-cnn/run.sh
/// (dlib's own loss_mmod network on the committed mmod_human_face_detector.dat, upsampled and mapped back as dlib's
/// Python binding does) on bald_guys, face_recognition's and openface's photos and face-api.js's group shots, at
/// upsample 0 and 1. Same number of faces, every box identical, confidences within 1e-3 (the network runs in ONNX
/// Runtime with each affine folded into its convolution, so scores move by float rounding: about 1e-5).
/// </summary>
public sealed class CnnFaceDetectorParityTests(ITestOutputHelper output)
{
    private static readonly Lazy<CnnFaceDetector>[] Detectors =
    [
        new(() => new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = Fixtures.Model(CnnFaceDetector.DefaultModelFileName) }, Upsample = 0 })),
        new(() => new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = Fixtures.Model(CnnFaceDetector.DefaultModelFileName) }, Upsample = 1 })),
    ];

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        foreach (var (upsample, image, _) in ReferenceCases())
        {
            data.Add(upsample, image);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryBoxIsDlibsAndEveryConfidenceWithin1e3(int upsample, string image)
    {
        var expected = ReferenceCases().Single(c => c.Upsample == upsample && c.Image == image).Faces;
        using Image<Rgb24> pixels = FaceImage.Load(Fixtures.Path(image));
        IReadOnlyList<DetectedFace> faces = Detectors[upsample].Value.Detect(pixels);

        Assert.Equal(expected.Count, faces.Count);
        double worst = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            Assert.Equal((e.Left, e.Top, e.Right, e.Bottom), ((long)faces[i].X, (long)faces[i].Y, (long)faces[i].Right - 1, (long)faces[i].Bottom - 1));
            worst = Math.Max(worst, Math.Abs(faces[i].Score - e.Confidence));
        }

        output.WriteLine($"{image} upsample {upsample}: {expected.Count} faces, boxes identical, largest confidence difference {worst:G3}");
        Assert.True(worst <= 1e-3, $"confidences differ from dlib's by up to {worst}");
    }

    private static List<(int Upsample, string Image, List<(long Left, long Top, long Right, long Bottom, double Confidence)> Faces)> ReferenceCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("reference/dlib/cnn/detections.json")));
        var cases = new List<(int, string, List<(long, long, long, long, double)>)>();
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            JsonElement result = c.GetProperty("result");
            var faces = result.GetProperty("faces").EnumerateArray()
                .Select(f => (f.GetProperty("left").GetInt64(), f.GetProperty("top").GetInt64(), f.GetProperty("right").GetInt64(), f.GetProperty("bottom").GetInt64(),
                    f.GetProperty("confidence").GetDouble()))
                .ToList();
            cases.Add((c.GetProperty("upsample").GetInt32(), result.GetProperty("image").GetString()!, faces));
        }

        return cases;
    }
}
