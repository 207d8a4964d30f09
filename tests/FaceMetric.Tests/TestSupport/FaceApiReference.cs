using System.Text.Json;

namespace FaceMetric.Tests.TestSupport;

/// <summary>One face of a face-api.js reference file (reference/faceapi/*.faceapi.json).</summary>
internal sealed record FaceApiFace(double[] Box, double Score, double[][] Landmarks68, int[] LandmarkCropBox);

/// <summary>
/// face-api.js 1.7.15's detections on a photo (SSD MobileNet v1 at its defaults, 68-point landmarks), as recorded by
/// the project's reference harness from the pixels in reference/faceapi/png.
/// </summary>
internal sealed record FaceApiReference(int Width, int Height, IReadOnlyList<FaceApiFace> Faces)
{
    /// <summary>The photos the reference covers, with the JPEG each PNG was decoded from (fixture paths).</summary>
    public static readonly IReadOnlyDictionary<string, string> Jpegs = new Dictionary<string, string>
    {
        ["sample1"] = "reference/dlib/images/sample1.jpg",
        ["sample4"] = "reference/dlib/images/sample4.jpg",
        ["obama"] = "data/face_recognition/examples/obama.jpg",
        ["two_people"] = "data/face_recognition/examples/two_people.jpg",
        ["bald_guys"] = "data/dlib/examples/faces/bald_guys.jpg",
    };

    public static FaceApiReference Load(string photo)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path($"reference/faceapi/{photo}.faceapi.json")));
        JsonElement root = doc.RootElement;
        var faces = root.GetProperty("faces").EnumerateArray().Select(f => new FaceApiFace(
            Doubles(f.GetProperty("box")),
            f.GetProperty("score").GetDouble(),
            f.GetProperty("landmarks68").EnumerateArray().Select(Doubles).ToArray(),
            f.GetProperty("landmarkCropBox").EnumerateArray().Select(v => v.GetInt32()).ToArray())).ToList();
        return new FaceApiReference(root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32(), faces);
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
