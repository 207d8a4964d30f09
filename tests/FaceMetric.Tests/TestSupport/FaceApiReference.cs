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
        ["sample1"] = TestFiles.Reference.Sample1,
        ["sample4"] = TestFiles.Reference.Sample4,
        ["obama"] = TestFiles.Data.Obama,
        ["two_people"] = TestFiles.Data.ExamplesTwoPeopleJpg,
        ["bald_guys"] = TestFiles.Data.BaldGuys,
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
