using FaceMetric.Geometry;
using FaceMetric.Detection;
using FaceMetric.Landmarks;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Landmarks;

/// <summary>
/// OnnxLandmarkDetector against face-api.js 1.7.15's 68 landmarks (reference/faceapi), given face-api's own boxes so
/// that the landmark step is compared alone.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class LandmarkFaceApiParityTests(SharedDetectors shared, ITestOutputHelper output)
{
    public static TheoryData<string> Photos => new(FaceApiReference.Jpegs.Keys);

    [Theory]
    [MemberData(nameof(Photos))]
    public void TheCropIsFaceApisLandmarkCropBox(string photo)
    {
        var reference = FaceApiReference.Load(photo);
        Assert.All(reference.Faces, f =>
        {
            PixelBox crop = LandmarkCrop.From(ToDetected(f), reference.Width, reference.Height)!.Value;
            Assert.Equal(f.LandmarkCropBox, new[] { crop.X, crop.Y, crop.Width, crop.Height });
        });
    }

    /// <summary>On the exact pixels face-api saw, every point agrees to float rounding.</summary>
    [Fact]
    public void OnFaceApisOwnPixelsEveryPointIsWithin001Px()
    {
        var reference = FaceApiReference.Load("two_people");
        using var image = Image.Load<Rgb24>(Fixtures.Path("reference/faceapi/png/two_people.png"));

        var (mean, max) = Errors(shared.Landmarks.Detect(image, reference.Faces.Select(ToDetected).ToList()), reference);

        output.WriteLine($"two_people.png: {reference.Faces.Count} faces, worst per-face mean {mean:E2} px, max {max:E2} px");
        Assert.True(max <= 0.01, $"max point error {max} px");
    }

    /// <summary>On the JPEGs decoded by ImageSharp, every face's mean point error is within 1 px.</summary>
    [Theory]
    [MemberData(nameof(Photos))]
    public void OnTheJpegsEachFacesMeanPointErrorIsWithin1Px(string photo)
    {
        var reference = FaceApiReference.Load(photo);
        using var image = Image.Load<Rgb24>(Fixtures.Path(FaceApiReference.Jpegs[photo]));

        var (mean, max) = Errors(shared.Landmarks.Detect(image, reference.Faces.Select(ToDetected).ToList()), reference);

        output.WriteLine($"{photo}.jpg: {reference.Faces.Count} faces, worst per-face mean {mean:F3} px, max {max:F3} px");
        Assert.True(mean <= 1.0, $"worst per-face mean error {mean:F3} px");
    }

    /// <summary>
    /// The detector and landmarks together, as face-api runs them, on face-api's own pixels. (On a JPEG decoded by
    /// another decoder the boxes move by up to ~1.5 px, the floored crop with them, and the landmark net answers that
    /// with up to ~2 px mean: the net is sensitive to its crop, so the chain is only exact from the same pixels.)
    /// </summary>
    [Fact]
    public void DetectorThenLandmarksMatchFaceApiWithin001PxOnItsOwnPixels()
    {
        var reference = FaceApiReference.Load("two_people");
        using var image = Image.Load<Rgb24>(Fixtures.Path("reference/faceapi/png/two_people.png"));

        IReadOnlyList<DetectedFace> faces = shared.Detector.Detect(image);
        var (mean, max) = Errors(shared.Landmarks.Detect(image, faces), reference);

        output.WriteLine($"two_people.png detector + landmarks: worst per-face mean {mean:E2} px, max {max:E2} px");
        Assert.True(max <= 0.01, $"max point error {max} px");
    }

    [Fact]
    public void OneFaceAtATimeGivesTheSamePointsAsTheBatch()
    {
        var reference = FaceApiReference.Load("sample4");
        using var image = Image.Load<Rgb24>(Fixtures.Path(FaceApiReference.Jpegs["sample4"]));
        var faces = reference.Faces.Select(ToDetected).ToList();
        ILandmarkDetector viaInterface = shared.Landmarks;

        IReadOnlyList<FaceLandmarks> batch = shared.Landmarks.Detect(image, faces);

        for (int i = 0; i < faces.Count; i++)
        {
            FaceLandmarks single = i % 2 == 0 ? shared.Landmarks.Detect(image, faces[i]) : viaInterface.Detect(image, faces[i]);
            for (int p = 0; p < FaceLandmarks.Ibug68Count; p++)
            {
                Assert.Equal(batch[i].Points[p].X, single.Points[p].X, 1e-3f);
                Assert.Equal(batch[i].Points[p].Y, single.Points[p].Y, 1e-3f);
            }
        }
    }

    [Fact]
    public void AnEmptyBatchGivesNoLandmarks()
    {
        using var image = new Image<Rgb24>(8, 8);
        Assert.Empty(shared.Landmarks.Detect(image, Array.Empty<DetectedFace>()));
    }

    [Fact]
    public void AFaceOutsideTheImageIsAnArgumentException()
    {
        using var image = new Image<Rgb24>(100, 80);
        var outside = new DetectedFace(120, 10, 30, 30, 0.9f);
        var sliver = new DetectedFace(10.5f, 10, 0.4f, 30, 0.9f);

        Assert.Throws<ArgumentException>(() => shared.Landmarks.Detect(image, [outside]));
        Assert.Throws<ArgumentException>(() => shared.Landmarks.Detect(image, [new DetectedFace(10, 10, 20, 20, 0.9f), sliver]));
    }

    internal static DetectedFace ToDetected(FaceApiFace f) =>
        new((float)f.Box[0], (float)f.Box[1], (float)f.Box[2], (float)f.Box[3], (float)f.Score);

    /// <summary>Worst per-face mean and overall max Euclidean point error, faces matched in order.</summary>
    private static (double Mean, double Max) Errors(IReadOnlyList<FaceLandmarks> ours, FaceApiReference reference)
    {
        Assert.Equal(reference.Faces.Count, ours.Count);
        double worstMean = 0, max = 0;
        for (int i = 0; i < ours.Count; i++)
        {
            Assert.Equal(FaceLandmarks.Ibug68Count, ours[i].Count);
            double sum = 0;
            for (int p = 0; p < FaceLandmarks.Ibug68Count; p++)
            {
                double[] expected = reference.Faces[i].Landmarks68[p];
                double d = Math.Sqrt(Math.Pow(ours[i].Points[p].X - expected[0], 2) + Math.Pow(ours[i].Points[p].Y - expected[1], 2));
                sum += d;
                max = Math.Max(max, d);
            }

            worstMean = Math.Max(worstMean, sum / FaceLandmarks.Ibug68Count);
        }

        return (worstMean, max);
    }
}
