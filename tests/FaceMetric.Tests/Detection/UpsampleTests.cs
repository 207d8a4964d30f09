using System.Text.Json;
using FaceMetric.Detection;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Detection;

/// <summary>
/// The upsampling option against ground truth: dlib's HOG detector (upsampled once) finds 24 faces in bald_guys.jpg
/// (reference/dlib/align_bald_guys.json); face-api's SSD at its defaults finds 23.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class UpsampleTests(SharedDetectors shared, ITestOutputHelper output)
{
    private const string BaldGuys = TestFiles.Data.BaldGuys;

    [Fact]
    public void WithoutUpsamplingBaldGuysGives23OfDlibs24Faces()
    {
        using var image = Image.Load<Rgb24>(Fixtures.Path(BaldGuys));
        IReadOnlyList<DetectedFace> faces = shared.Detector.Detect(image);
        var truth = DlibBoxes();

        int[] match = MatchToTruth(faces, truth);

        output.WriteLine($"Upsample 0: {faces.Count} faces; dlib faces not found: {string.Join(",", Enumerable.Range(0, truth.Count).Except(match))}");
        Assert.Equal(23, faces.Count);
        Assert.DoesNotContain(-1, match);
        Assert.Equal(23, match.Distinct().Count());
    }

    [Fact]
    public void UpsamplingOnceFindsAllOfDlibs24FacesInBaldGuysAndNothingElse()
    {
        using var image = Image.Load<Rgb24>(Fixtures.Path(BaldGuys));
        IReadOnlyList<DetectedFace> faces = shared.Upsampling.Detect(image);
        var truth = DlibBoxes();

        int[] match = MatchToTruth(faces, truth);

        output.WriteLine($"Upsample 1: {faces.Count} faces, scores {faces.Min(f => f.Score):F3}..{faces.Max(f => f.Score):F3}");
        Assert.Equal(24, faces.Count);
        Assert.DoesNotContain(-1, match);
        Assert.Equal(24, match.Distinct().Count());
    }

    [Fact]
    public void UpsamplingKeepsTheWholePhotoFacesUnchanged()
    {
        using var image = Image.Load<Rgb24>(Fixtures.Path(BaldGuys));
        IReadOnlyList<DetectedFace> coarse = shared.Detector.Detect(image);
        IReadOnlyList<DetectedFace> fine = shared.Upsampling.Detect(image);

        Assert.All(coarse, f => Assert.Contains(f, fine));
    }

    /// <summary>No new (false) detection on the other reference photos: exactly face-api's faces.</summary>
    [Theory]
    [InlineData("sample1")]
    [InlineData("sample4")]
    [InlineData("obama")]
    [InlineData("two_people")]
    public void UpsamplingOnceAddsNoFaceToTheOtherReferencePhotos(string photo)
    {
        var reference = FaceApiReference.Load(photo);
        using var image = Image.Load<Rgb24>(Fixtures.Path(FaceApiReference.Jpegs[photo]));

        IReadOnlyList<DetectedFace> faces = shared.Upsampling.Detect(image);

        output.WriteLine($"{photo}: {faces.Count} faces with Upsample = 1, face-api {reference.Faces.Count}");
        Assert.Equal(reference.Faces.Count, faces.Count);
        Assert.All(reference.Faces, expected => Assert.Contains(faces, f => SsdFaceApiParityTests.BoxError(f, expected.Box) <= 2.0));
    }

    /// <summary>dlib's boxes as (left, top, right, bottom).</summary>
    private static List<double[]> DlibBoxes()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path(TestFiles.Reference.AlignBaldGuys)));
        JsonElement image = doc.RootElement.GetProperty("images")[0];
        Assert.Equal("images/bald_guys.jpg", image.GetProperty("image").GetString());
        return image.GetProperty("faces").EnumerateArray()
            .Select(f => f.GetProperty("box"))
            .Select(b => new double[] { b.GetProperty("left").GetDouble(), b.GetProperty("top").GetDouble(), b.GetProperty("right").GetDouble(), b.GetProperty("bottom").GetDouble() })
            .ToList();
    }

    /// <summary>For each detection, the dlib face whose box holds its centre and whose centre it holds (-1: none).</summary>
    private static int[] MatchToTruth(IReadOnlyList<DetectedFace> faces, List<double[]> truth) =>
        faces.Select(f =>
        {
            double cx = f.X + (f.Width / 2), cy = f.Y + (f.Height / 2);
            return truth.FindIndex(t =>
                cx > t[0] && cx < t[2] && cy > t[1] && cy < t[3]
                && (t[0] + t[2]) / 2 > f.X && (t[0] + t[2]) / 2 < f.Right && (t[1] + t[3]) / 2 > f.Y && (t[1] + t[3]) / 2 < f.Bottom);
        }).ToArray();
}
