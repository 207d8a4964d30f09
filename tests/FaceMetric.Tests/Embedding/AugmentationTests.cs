using FaceMetric.Onnx;
using FaceMetric.Embedding;
using FaceMetric.Numerics;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Embedding;

/// <summary>Mirror averaging and dlib's jitter_image on real chips.</summary>
[Collection(EmbedderCollection.Name)]
public sealed class AugmentationTests(SharedEmbedder shared, ITestOutputHelper output)
{
    private const int ChipBytes = 150 * 150 * 3;

    private static byte[] ChipBytesOf(string fixture)
    {
        using Image<Rgb24> chip = Image.Load<Rgb24>(Fixtures.Path(fixture));
        var bytes = new byte[ChipBytes];
        chip.CopyPixelDataTo(bytes);
        return bytes;
    }

    private static OnnxFaceEmbedder Create(FaceEmbedderOptions options) =>
        new(options with { Model = new ModelOptions { FilePath = Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx") } });

    [Fact]
    public void MirrorAveragingIsTheMeanOfTheChipAndItsMirror()
    {
        byte[] chip = ChipBytesOf("reference/dlib/chips/bald_guys_face3.png");
        var mirrored = new byte[ChipBytes];
        ChipAugmentation.Mirror(chip, 150, mirrored);
        var back = new byte[ChipBytes];
        ChipAugmentation.Mirror(mirrored, 150, back);
        Assert.Equal(chip, back);
        Assert.NotEqual(chip, mirrored);

        var plain = shared.Embedder.Embed(chip);
        var flipped = shared.Embedder.Embed(mirrored);
        using var averaging = Create(new FaceEmbedderOptions { AverageWithMirror = true });
        var averaged = averaging.Embed(chip);
        var expected = new FaceDescriptor(plain.Values.ToArray().Zip(flipped.Values.ToArray(), (a, b) => (a + b) / 2).ToArray());
        Assert.True(averaged.DistanceTo(expected) < 1e-5f);
        output.WriteLine($"chip vs mirror {plain.DistanceTo(flipped):F4}, chip vs average {plain.DistanceTo(averaged):F4}");
        Assert.True(plain.DistanceTo(flipped) is > 0.01f and < 0.3f);
    }

    [Fact]
    public void AJitteredChipIsASmallRandomRigidChangeOfTheOriginal()
    {
        byte[] chip = ChipBytesOf("reference/dlib/chips/bald_guys_face0.png");
        var random = new DlibRandom(null);
        var jittered = new byte[ChipBytes];
        var scratch = new byte[ChipBytes];
        var diffs = new List<double>();
        for (int i = 0; i < 20; i++)
        {
            ChipAugmentation.Jitter(chip, 150, random, jittered, scratch);
            diffs.Add(chip.Zip(jittered, (a, b) => (double)Math.Abs(a - b)).Average());
        }

        output.WriteLine("mean abs difference per jitter: " + string.Join(", ", diffs.Select(d => d.ToString("F1", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.All(diffs, d => Assert.True(d > 0.5 && d < 60, $"jitter changed the chip by {d} levels on average"));
        Assert.True(diffs.Distinct().Count() > 15);
    }

    [Fact]
    public void JitterIsSeededDeterministicAndKeepsTheIdentity()
    {
        byte[] salley1 = ChipBytesOf("reference/dlib/cw/johns/chips/John_Salley/000179_02159509.png");
        byte[] salley2 = ChipBytesOf("reference/dlib/cw/johns/chips/John_Salley/000183_02159543.png");
        byte[] simm = ChipBytesOf("reference/dlib/cw/johns/chips/John_Simm/000288_00470387.png");
        using var jitter = Create(new FaceEmbedderOptions { JitterCount = 12 });
        using var otherSeed = Create(new FaceEmbedderOptions { JitterCount = 12, JitterSeed = "other" });

        var a = jitter.Embed(salley1);
        Assert.Equal(a, jitter.Embed(salley1));                      // same seed, same descriptor
        Assert.Equal(a, jitter.Embed([.. salley1, .. simm], 2)[0]);  // independent of the batch
        var b = otherSeed.Embed(salley1);
        Assert.NotEqual(a, b);
        Assert.True(a.DistanceTo(b) < 0.1f);

        var plain = shared.Embedder.Embed(salley1);
        output.WriteLine($"jitter vs plain {a.DistanceTo(plain):F4}, seed vs seed {a.DistanceTo(b):F4}");
        Assert.True(a.DistanceTo(plain) < 0.15f);
        Assert.True(a.DistanceTo(jitter.Embed(salley2)) < 0.6f);
        Assert.True(a.DistanceTo(jitter.Embed(simm)) > 0.6f);
    }

    [Fact]
    public void JitterCountOutOfRangeIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(new FaceEmbedderOptions { JitterCount = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(new FaceEmbedderOptions { JitterCount = 1001 }));
    }
}
