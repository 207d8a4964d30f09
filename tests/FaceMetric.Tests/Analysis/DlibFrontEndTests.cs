using FaceMetric.Landmarks;
using FaceMetric.Onnx;
using System.Text.Json;
using FaceMetric.Detection;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Analysis;

/// <summary>
/// <see cref="FaceFrontEnd.Dlib"/>: HOG detector, dlib's shape predictor (Debian's libdlib-data, or the copy
/// tools/test-assets.sh unpacks into .cache/dlib before the tests), dlib's chip and the ResNet: on the pixels dlib
/// decoded, the whole pipeline gives dlib's own descriptors.
/// </summary>
public sealed class DlibFrontEndTests(ITestOutputHelper output, SharedDlibFrontEnd shared) : IClassFixture<SharedDlibFrontEnd>
{
    private readonly FaceAnalyzer _analyzer = shared.Analyzer;

    public static TheoryData<string, string, string> Photos => new()
    {
        { TestFiles.Reference.BaldGuysDecoded, TestFiles.Reference.AlignBaldGuys, TestFiles.Reference.EmbedAll },
        { TestFiles.Reference.Obama2Decoded, TestFiles.Reference.Align, TestFiles.Reference.FacesEmbedJson },
        { TestFiles.Reference.TwoPeopleDecoded, TestFiles.Reference.Align, TestFiles.Reference.FacesEmbedJson },
    };

    [Theory]
    [MemberData(nameof(Photos))]
    public void DescriptorsAreDlibsWhereTheBoxesAreDlibs(string decoded, string alignJson, string embedJson)
    {
        using Image<Rgb24> pixels = FaceImage.Load(Fixtures.Path(decoded));
        IReadOnlyList<AnalyzedFace> faces = _analyzer.Analyze(pixels);
        string stem = Path.GetFileName(decoded).Replace("_decoded.png", string.Empty, StringComparison.Ordinal);
        var descriptors = ReferenceDescriptors.Load(embedJson).ToDictionary(d => d.Chip, d => d.Descriptor);
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path(alignJson)));
        JsonElement image = doc.RootElement.GetProperty("images").EnumerateArray()
            .Single(i => Path.GetFileNameWithoutExtension(i.GetProperty("image").GetString()) == stem);
        var referenceFaces = image.GetProperty("faces").EnumerateArray().ToList();

        Assert.Equal(referenceFaces.Count, faces.Count);
        int matched = 0;
        double worst = 0;
        foreach (JsonElement face in referenceFaces)
        {
            JsonElement b = face.GetProperty("box");
            long l = b.GetProperty("left").GetInt64(), t = b.GetProperty("top").GetInt64();
            long r = b.GetProperty("right").GetInt64(), bottom = b.GetProperty("bottom").GetInt64();
            AnalyzedFace? ours = faces.SingleOrDefault(f =>
                (long)f.Detection.X == l && (long)f.Detection.Y == t && (long)f.Detection.Right - 1 == r && (long)f.Detection.Bottom - 1 == bottom);
            if (ours is null)
            {
                continue; // see HogFaceDetectorParityTests: one bald_guys box differs between dlib builds
            }

            float[] expected = descriptors[face.GetProperty("chip_png").GetString()!];
            ReadOnlySpan<float> actual = ours.Descriptor.Values;
            for (int i = 0; i < expected.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
            }

            matched++;
        }

        output.WriteLine($"{stem}: {faces.Count} faces, {matched} with dlib's box; descriptors within {worst:E2} of dlib's");
        Assert.True(matched >= referenceFaces.Count - 1 && matched > 0, $"only {matched} of {referenceFaces.Count} boxes are dlib's");
        Assert.True(worst <= 1e-4, $"a descriptor differs from dlib's by {worst}");
    }

    [Fact]
    public void AMissingShapePredictorIsAFaceModelException()
    {
        var e = Assert.Throws<FaceModelException>(() => new FaceAnalyzer(new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = Path.Combine(Fixtures.RepoRoot, "models") },
            FrontEnd = FaceFrontEnd.Dlib,
            ShapePredictor = new ShapePredictorOptions { Model = new ModelOptions { FilePath = Path.Combine(Path.GetTempPath(), "no-such-shape-predictor.dat") } },
        }));
        Assert.Contains("no-such-shape-predictor.dat", e.ModelPath, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenEveryModelIsMissingTheDetectorsFailureIsTheOneThrown()
    {
        // The models load in parallel; the error reported must not depend on which load fails first.
        string empty = Directory.CreateTempSubdirectory("facemetric-no-models-").FullName;
        try
        {
            for (int attempt = 0; attempt < 5; attempt++)
            {
                var e = Assert.Throws<FaceModelException>(() => new FaceAnalyzer(new FaceAnalyzerOptions
                {
                    Models = new ModelOptions { Directory = empty },
                    FrontEnd = FaceFrontEnd.Dlib,
                    ShapePredictor = new ShapePredictorOptions { Model = new ModelOptions { FilePath = Path.Combine(empty, "no-such-shape-predictor.dat") } },
                }));
                Assert.EndsWith(HogFaceDetector.DefaultModelFileName, e.ModelPath, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void TheHogOptionsReachTheDetector()
    {
        using Image<Rgb24> pixels = FaceImage.Load(Fixtures.Path(TestFiles.Reference.Obama2Decoded));
        using var strict = new FaceAnalyzer(new FaceAnalyzerOptions
        {
            Models = new ModelOptions { Directory = Path.Combine(Fixtures.RepoRoot, "models") },
            FrontEnd = FaceFrontEnd.Dlib,
            ShapePredictor = DlibModelFile.Options,
            Hog = new HogDetectorOptions { AdjustThreshold = 10 },
        });
        Assert.Empty(strict.Analyze(pixels));
        Assert.Single(_analyzer.Analyze(pixels));
    }
}
