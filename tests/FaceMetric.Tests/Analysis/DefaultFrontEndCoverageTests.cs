using System.Text.Json;
using FaceMetric.Detection;
using FaceMetric.Tests.TestSupport;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Analysis;

/// <summary>
/// What the default front end (<see cref="FaceFrontEnd.DlibCompatible"/>) finds, held against issue 12's floors: a face
/// in every tight crop (face-api.js's 40 Big Bang Theory crops, where face-api's own SSD finds 6, and dlib's 55 johns
/// chips), and on the group photos dlib was run on, no face that dlib's own CNN detector does not also find.
/// </summary>
[Collection(AnalyzerCollection.Name)]
public sealed class DefaultFrontEndCoverageTests(SharedAnalyzer shared, ITestOutputHelper output)
{
    [Theory]
    [InlineData("data/face-api.js/examples/images", 40)]
    [InlineData(TestFiles.Reference.Chips, 55)]
    public void EveryTightCropInTheFolderHasAFace(string folder, int crops)
    {
        string[] paths = Directory.GetFiles(Fixtures.Path(folder), "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
            .Where(p => !Path.GetFileName(Path.GetDirectoryName(p)!).Equals("images", StringComparison.Ordinal)) // bbt2/bbt3.jpg are group photos, not crops
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(crops, paths.Length);

        string[] missed = paths.Where(p => shared.Analyzer.Analyze(p).Count == 0).Select(p => Path.GetRelativePath(Fixtures.Path(folder), p)).ToArray();

        output.WriteLine($"{folder}: a face in {paths.Length - missed.Length} of {paths.Length} crops");
        Assert.Empty(missed);
    }

    [Theory]
    [InlineData(TestFiles.Data.BaldGuys)]
    [InlineData(TestFiles.Data.ExamplesTwoPeopleJpg)]
    [InlineData(TestFiles.Data.ObamaSmall)]
    [InlineData(TestFiles.Data.LongoriaCooper)]
    [InlineData("data/face-api.js/test/images/faces.jpg")]
    [InlineData("data/face-api.js/examples/images/bbt2.jpg")]
    [InlineData("data/face-api.js/examples/images/bbt3.jpg")]
    public void EveryFaceFoundOnAReferencePhotoIsAFaceDlibsCnnDetectorFinds(string photo)
    {
        // dlib's own CNN boxes for the photo (reference/dlib/cnn/detections.json, upsample 0 and 1 together: a face
        // either run finds is a face). A default face is one of them when its centre lies in the box, one box per face.
        var reference = DlibCnnBoxes(photo);
        Assert.NotEmpty(reference);
        var used = new bool[reference.Count];

        IReadOnlyList<AnalyzedFace> faces = shared.Analyzer.Analyze(Fixtures.Path(photo));

        foreach (AnalyzedFace face in faces)
        {
            float cx = face.Detection.X + (face.Detection.Width / 2), cy = face.Detection.Y + (face.Detection.Height / 2);
            int match = -1;
            for (int i = 0; i < reference.Count && match < 0; i++)
            {
                var r = reference[i];
                if (!used[i] && cx >= r.Left && cx <= r.Right + 1 && cy >= r.Top && cy <= r.Bottom + 1)
                {
                    match = i;
                }
            }


            Assert.True(match >= 0, $"{photo}: the face at ({face.Detection.X}, {face.Detection.Y}, {face.Detection.Width}x{face.Detection.Height}) is not one dlib's CNN detector finds");
            used[match] = true;
        }

        output.WriteLine($"{photo}: {faces.Count} faces, each one of dlib's {reference.Count} CNN faces");
        Assert.NotEmpty(faces);
    }

    private static List<(long Left, long Top, long Right, long Bottom)> DlibCnnBoxes(string photo)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("reference/dlib/cnn/detections.json")));
        var boxes = new List<(long Left, long Top, long Right, long Bottom)>();
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            JsonElement result = c.GetProperty("result");
            if (result.GetProperty("image").GetString() != photo)
            {
                continue;
            }

            foreach (JsonElement f in result.GetProperty("faces").EnumerateArray())
            {
                var box = (f.GetProperty("left").GetInt64(), f.GetProperty("top").GetInt64(), f.GetProperty("right").GetInt64(), f.GetProperty("bottom").GetInt64());
                bool seen = boxes.Any(b => Math.Abs(b.Left - box.Item1) + Math.Abs(b.Top - box.Item2) < 0.3 * (box.Item3 - box.Item1));
                if (!seen)
                {
                    boxes.Add(box);
                }
            }
        }

        return boxes;
    }
}
