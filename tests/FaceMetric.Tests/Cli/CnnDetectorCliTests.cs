using System.Text.Json;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Cli;

/// <summary>--detector, --landmarks and --shape-predictor on the photo commands: dlib's CNN boxes through the CLI.</summary>
public sealed class CnnDetectorCliTests
{
    private static readonly string TwoPeople = Fixtures.Path("data/face_recognition/examples/two_people.jpg");

    [Fact]
    public void DetectWithTheCnnDetectorPrintsDlibsBoxesAndConfidences()
    {
        var (code, stdout, stderr) = CliRunner.Run("detect", TwoPeople, "--detector", "cnn", "--upsample", "1", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var faces = doc.RootElement.GetProperty("faces").EnumerateArray()
            .Select(f => (Box: f.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray(), Score: f.GetProperty("score").GetDouble()))
            .ToList();

        // dlib's own (reference/dlib/cnn/detections.json, upsample 1): (776,78)-(946,248) 1.08915, (233,59)-(374,201) 1.08800;
        // [x, y, w, h] with w = right - left + 1, highest confidence first.
        Assert.Equal(2, faces.Count);
        Assert.Equal(new double[] { 776, 78, 171, 171 }, faces[0].Box);
        Assert.Equal(new double[] { 233, 59, 142, 143 }, faces[1].Box);
        Assert.Equal(1.0891, faces[0].Score, 3);
        Assert.Equal(1.0880, faces[1].Score, 3);
    }

    [Fact]
    public void AFivePointShapePredictorGivesFiveLandmarksPerFace()
    {
        string predictor = Fixtures.Path("reference/dlib/shape5/shape_predictor_5_lfw_small.dat");
        var (code, stdout, stderr) = CliRunner.Run("detect", TwoPeople, "--detector", "cnn", "--upsample", "0", "--shape-predictor", predictor, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var faces = doc.RootElement.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(2, faces.Count);
        Assert.All(faces, f => Assert.Equal(5, f.GetProperty("landmarks").GetArrayLength()));
    }

    [Theory]
    [InlineData("--detector", "mtcnn")]
    [InlineData("--landmarks", "mediapipe")]
    public void AnUnknownDetectorOrLandmarkModelIsAUsageError(string option, string value)
    {
        var (code, _, stderr) = CliRunner.Run("detect", TwoPeople, option, value);
        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUpsampleBeyondTheCnnLimitIsAUsageError()
    {
        var (code, _, stderr) = CliRunner.Run("detect", TwoPeople, "--detector", "cnn", "--upsample", "4");
        Assert.Equal(2, code);
        Assert.Contains("upsample", stderr, StringComparison.Ordinal);
    }
}
