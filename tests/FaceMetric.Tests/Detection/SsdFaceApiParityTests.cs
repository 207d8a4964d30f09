using FaceMetric.Detection;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Detection;

/// <summary>
/// SsdFaceDetector at its defaults against face-api.js 1.7.15 (reference/faceapi): the same faces, boxes and scores.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class SsdFaceApiParityTests(SharedDetectors shared, ITestOutputHelper output)
{
    /// <summary>On the exact pixels face-api saw (jpeg-js decoded PNG), the whole pipeline agrees to float rounding.</summary>
    [Fact]
    public void OnFaceApisOwnPixelsBoxesAgreeWithin001PxAndScoresWithin1e4()
    {
        var reference = FaceApiReference.Load("two_people");
        using var image = Image.Load<Rgb24>(Fixtures.Path(TestFiles.Reference.PngTwoPeoplePng));

        IReadOnlyList<DetectedFace> faces = shared.Detector.Detect(image);

        var (boxError, scoreError) = CompareInOrder(faces, reference);
        output.WriteLine($"two_people.png: {faces.Count} faces, max box error {boxError:E2} px, max score error {scoreError:E2}");
        Assert.True(boxError <= 0.01, $"max box error {boxError} px");
        Assert.True(scoreError <= 1e-4, $"max score error {scoreError}");
    }

    /// <summary>
    /// On the JPEGs decoded by ImageSharp (whose decoder differs from jpeg-js by a few grey levels) every face-api face
    /// is found, nothing else, and every box edge is within 2 px.
    /// </summary>
    [Theory]
    [InlineData("sample1")]
    [InlineData("sample4")]
    [InlineData("obama")]
    [InlineData("two_people")]
    [InlineData("bald_guys")]
    public void OnTheJpegsTheSameFacesAreFoundWithin2Px(string photo)
    {
        var reference = FaceApiReference.Load(photo);
        using var image = Image.Load<Rgb24>(Fixtures.Path(FaceApiReference.Jpegs[photo]));
        Assert.Equal(reference.Width, image.Width);
        Assert.Equal(reference.Height, image.Height);

        IReadOnlyList<DetectedFace> faces = shared.Detector.Detect(image);

        Assert.Equal(reference.Faces.Count, faces.Count);
        double worst = 0;
        foreach (FaceApiFace expected in reference.Faces)
        {
            DetectedFace nearest = faces.MinBy(f => BoxError(f, expected.Box));
            worst = Math.Max(worst, BoxError(nearest, expected.Box));
        }

        output.WriteLine($"{photo}.jpg: {faces.Count} faces, max box error {worst:F3} px");
        Assert.True(worst <= 2.0, $"max box error {worst:F3} px");
        Assert.Equal(faces.OrderByDescending(f => f.Score), faces);
    }

    internal static double BoxError(DetectedFace f, double[] box) =>
        new[] { Math.Abs(f.X - box[0]), Math.Abs(f.Y - box[1]), Math.Abs(f.Width - box[2]), Math.Abs(f.Height - box[3]) }.Max();

    private static (double Box, double Score) CompareInOrder(IReadOnlyList<DetectedFace> faces, FaceApiReference reference)
    {
        Assert.Equal(reference.Faces.Count, faces.Count);
        double box = 0, score = 0;
        for (int i = 0; i < faces.Count; i++)
        {
            box = Math.Max(box, BoxError(faces[i], reference.Faces[i].Box));
            score = Math.Max(score, Math.Abs(faces[i].Score - reference.Faces[i].Score));
        }

        return (box, score);
    }
}
