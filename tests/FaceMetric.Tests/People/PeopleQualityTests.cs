using FaceMetric.Clustering;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
using FaceMetric.Onnx;
using FaceMetric.People;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.People;

/// <summary>
/// Incremental against batch on real faces: photos added in random order, 10 at a time, then pairwise precision and
/// recall against the folders, beside dlib's batch Chinese Whispers on the same faces.
/// </summary>
[Collection(AnalyzerCollection.Name)]
public sealed class PeopleQualityTests(SharedAnalyzer shared, ITestOutputHelper output)
{
    /// <summary>How far below batch the incremental F1 may fall.</summary>
    private const double F1Tolerance = 0.02;

    /// <summary>
    /// How many more faces (as a share of all) than batch may sit in people mixing two folders. On LFW at 0.6 both
    /// mix heavily (about 1 pair in 100 of different people is closer than 0.6, and 868 faces make chains).
    /// </summary>
    private const double MixedShareTolerance = 0.02;

    /// <summary>The stated bound: no person mixing two folders holds more than this share of all faces.</summary>
    private const double MaxMixedPersonShare = 0.08;

    [Fact]
    public void LfwView1IncrementalMatchesBatch()
    {
        List<ReferenceData.LfwRow> all = ReferenceData.ReadLfwView1();
        var counts = all.GroupBy(r => r.Person).ToDictionary(g => g.Key, g => g.Count());
        var rows = all.Where(r => counts[r.Person] >= 4).ToList();
        Shuffle(rows, seed: 18);
        output.WriteLine($"LFW View 1 (dlib's descriptors): {rows.Count} images of {rows.Select(r => r.Person).Distinct().Count()} people with 4 or more images, random order (seed 18), 10 photos at a time");
        var box = new DetectedFace(0, 0, 250, 250, 1);
        Compare(rows.Select(r => (r.Image, r.Person, (IReadOnlyList<PhotoFace>)[new PhotoFace(box, r.Descriptor)])).ToList());
    }

    [Fact]
    public void FaceApiAndOpenfaceIncrementalMatchesBatch()
    {
        string faceApi = Fixtures.Path("data/face-api.js/examples/images");
        var photos = new List<(string Name, string Person, IReadOnlyList<PhotoFace> Faces)>();
        // face-api.js's Big Bang Theory crops are already 150x150 aligned chips (its own examples embed them as they are).
        using (var embedder = new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new ModelOptions { FilePath = Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx") } }))
        {
            foreach (string folder in Directory.GetDirectories(faceApi).Order(StringComparer.Ordinal))
            {
                foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
                {
                    using Image<Rgb24> chip = FaceImage.Load(file);
                    Assert.Equal((150, 150), (chip.Width, chip.Height));
                    photos.Add((Path.GetFileName(file), Path.GetFileName(folder), [new PhotoFace(new DetectedFace(0, 0, 150, 150, 1), embedder.Embed(chip))]));
                }
            }
        }

        // openface's examples: one person per file, named before the dash (the two-person photo has no single label).
        // Read from ../shared (beside the repository, as in CI): copied into Fixtures they would need libjpeg goldens.
        string openface = Path.GetFullPath(Path.Combine(Fixtures.RepoRoot, "..", "shared", "data", "openface", "images", "examples"));
        Assert.True(Directory.Exists(openface), $"{openface} is missing: the quality test reads openface's examples from ../shared/data");
        foreach (string file in Directory.GetFiles(openface).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (name != "longoria-cooper")
            {
                photos.Add((Path.GetFileName(file), "openface/" + name.Split('-')[0], Analyze(file)));
            }
        }

        Assert.All(photos, p => Assert.Single(p.Faces));
        Shuffle(photos, seed: 18);
        output.WriteLine($"face-api.js examples (8 people x 5) + openface examples (6 photos of 4 people): {photos.Count} photos, FaceAnalyzer defaults, random order (seed 18), 10 at a time");
        Compare(photos);
    }

    private IReadOnlyList<PhotoFace> Analyze(string file) =>
        shared.Analyzer.Analyze(file).Select(f => new PhotoFace(f.Detection, f.Descriptor)).ToList();

    private void Compare(List<(string Name, string Person, IReadOnlyList<PhotoFace> Faces)> photos)
    {
        foreach (int minFaces in new[] { 1, 3 })
        {
            using var other = new TempFolder();
            using var variant = PeopleLibrary.Open(other.File("people.db"), new PeopleLibraryOptions { MinFaces = minFaces });
            foreach (var (name, _, faces) in photos)
            {
                variant.AddPhoto(name, "hash:" + name, faces);
            }

            var score = PairwiseScore.Of(photos.SelectMany(p => p.Faces.Select(_ => p.Person)).ToList(), photos.SelectMany(p => variant.FindPhoto("hash:" + p.Name)!.Faces.Select(f => f.PersonId)).ToList());
            output.WriteLine($"incremental (MinFaces {minFaces}, for comparison): {score}");
        }

        using var temp = new TempFolder();
        using var library = PeopleLibrary.Open(temp.File("people.db"));
        for (int start = 0; start < photos.Count; start += 10)
        {
            foreach (var (name, _, faces) in photos.Skip(start).Take(10))
            {
                library.AddPhoto(name, "hash:" + name, faces);
            }
        }

        var labels = new List<string>();
        var incremental = new List<long?>();
        var descriptors = new List<FaceDescriptor>();
        foreach (var (name, person, faces) in photos)
        {
            LibraryPhoto photo = library.FindPhoto("hash:" + name)!;
            Assert.Equal(faces.Count, photo.Faces.Count);
            for (int i = 0; i < faces.Count; i++)
            {
                labels.Add(person);
                incremental.Add(photo.Faces[i].PersonId);
                descriptors.Add(faces[i].Descriptor);
            }
        }

        ClusterResult batch = new FaceClusterer().Cluster(descriptors);
        var inc = PairwiseScore.Of(labels, incremental);
        var cw = PairwiseScore.Of(labels, batch.Labels.Select(l => (long?)l).ToList());
        output.WriteLine($"incremental (MinFaces {library.Options.MinFaces}): {inc}");
        output.WriteLine($"batch Chinese Whispers:      {cw}");
        library.Recluster();
        var re = PairwiseScore.Of(labels, photos.SelectMany(p => library.FindPhoto("hash:" + p.Name)!.Faces.Select(f => f.PersonId)).ToList());
        output.WriteLine($"after a full re-cluster:     {re}");

        Assert.True(inc.F1 >= cw.F1 - F1Tolerance, $"incremental F1 {inc.F1:F4} vs batch {cw.F1:F4}");
        Assert.True(inc.MixedShare <= cw.MixedShare + MixedShareTolerance, $"{inc.MixedShare:P2} of faces in mixed people vs batch {cw.MixedShare:P2}");
        Assert.True(inc.LargestMixed <= MaxMixedPersonShare * inc.Faces, $"a mixed person holds {inc.LargestMixed} of {inc.Faces} faces");
    }

    private static void Shuffle<T>(List<T> items, int seed)
    {
        var random = new Random(seed);
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
