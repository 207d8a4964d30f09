using FaceMetric.Onnx;
using FaceMetric.Embedding;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceMetric.Tests.Embedding;

/// <summary>Bad input gets a clear, typed exception; the single, batched and span overloads agree.</summary>
[Collection(EmbedderCollection.Name)]
public sealed class EmbedderInputTests(SharedEmbedder shared)
{
    private static Image<Rgb24> RealChip() => Image.Load<Rgb24>(Fixtures.Path(TestFiles.Reference.BaldGuysFace0));

    [Fact]
    public void AChipOfAnotherSizeIsRefusedWithAMessageSayingWhatWasExpected()
    {
        using Image<Rgb24> chip = RealChip();
        chip.Mutate(c => c.Resize(160, 160));
        var e = Assert.Throws<ArgumentException>(() => shared.Embedder.Embed(chip));
        Assert.Contains("160x160", e.Message);
        Assert.Contains("150x150", e.Message);
    }

    [Fact]
    public void ARawSpanOfTheWrongLengthIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => shared.Embedder.Embed(new byte[(150 * 150 * 3) - 1]));
        Assert.Contains("67500", e.Message);
    }

    [Fact]
    public void AnEmptyBatchIsRefused()
    {
        Assert.Throws<ArgumentException>(() => shared.Embedder.Embed(Array.Empty<Image<Rgb24>>()));
        Assert.Throws<ArgumentException>(() => shared.Embedder.Embed(ReadOnlySpan<byte>.Empty, 0));
    }

    [Fact]
    public void SingleBatchedAndSpanCallsGiveTheSameDescriptor()
    {
        using Image<Rgb24> a = RealChip();
        using Image<Rgb24> b = Image.Load<Rgb24>(Fixtures.Path(TestFiles.Reference.BaldGuysFace1));
        FaceDescriptor single = shared.Embedder.Embed(a);
        var batch = shared.Embedder.Embed([b, a, b]);
        var bytes = new byte[150 * 150 * 3];
        a.CopyPixelDataTo(bytes);
        FaceDescriptor fromSpan = shared.Embedder.Embed(bytes);

        Assert.True(single.DistanceTo(batch[1]) < 1e-5f);
        Assert.True(single.DistanceTo(fromSpan) < 1e-5f);
        Assert.True(batch[0].DistanceTo(batch[2]) < 1e-5f);
        Assert.True(single.DistanceTo(batch[0]) > 0.1f);
    }

    [Fact]
    public void BatchesLargerThanMaxBatchSizeAreSplitAndGiveTheSameDescriptors()
    {
        using var small = new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new ModelOptions { FilePath = Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx") }, MaxBatchSize = 2 });
        var chips = Enumerable.Range(0, 5).Select(i => Image.Load<Rgb24>(Fixtures.Path($"reference/dlib/chips/bald_guys_face{i}.png"))).ToList();
        try
        {
            var split = small.Embed(chips);
            var whole = shared.Embedder.Embed(chips);
            Assert.Equal(5, split.Count);
            for (int i = 0; i < 5; i++)
            {
                Assert.True(split[i].DistanceTo(whole[i]) < 1e-5f);
            }
        }
        finally
        {
            chips.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// What <see cref="FaceAnalyzer.AnalyzeFiles"/> relies on to batch chips of several photos: a chip's descriptor does
    /// not depend on the other chips of its call, nor on how many threads ONNX Runtime uses, bit for bit; with mirror
    /// averaging (pairs batched together) too.
    /// </summary>
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void AChipsDescriptorDoesNotDependOnItsBatchBitForBit(bool mirror, int threads)
    {
        const int Count = 7, ChipBytes = 150 * 150 * 3;
        var bytes = new byte[Count * ChipBytes];
        for (int i = 0; i < Count; i++)
        {
            using Image<Rgb24> chip = Image.Load<Rgb24>(Fixtures.Path($"reference/dlib/chips/bald_guys_face{i}.png"));
            chip.CopyPixelDataTo(bytes.AsSpan(i * ChipBytes, ChipBytes));
        }

        using var embedder = new OnnxFaceEmbedder(new FaceEmbedderOptions
        {
            Model = new ModelOptions { FilePath = Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx"), Inference = new InferenceOptions { IntraOpThreads = threads } },
            AverageWithMirror = mirror,
            MaxBatchSize = 4,
        });
        var together = embedder.Embed(bytes, Count);
        for (int i = 0; i < Count; i++)
        {
            FaceDescriptor alone = embedder.Embed(bytes.AsSpan(i * ChipBytes, ChipBytes), 1)[0];
            Assert.Equal(alone.ToArray(), together[i].ToArray());
            Assert.Equal(mirror, alone.DistanceTo(shared.Embedder.Embed(bytes.AsSpan(i * ChipBytes, ChipBytes), 1)[0]) > 0);
        }
    }

    [Fact]
    public void FeaturesAreTheInputOfTheLastLayer()
    {
        using Image<Rgb24> chip = RealChip();
        var bytes = new byte[150 * 150 * 3];
        chip.CopyPixelDataTo(bytes);
        float[] features = shared.Embedder.ExtractFeatures(bytes, 1);
        Assert.Equal(256, features.Length);

        // dlib's layer001 (avg_pool) for this chip starts 1.45422173, 1.30111992 (reference/dlib/layers/layers.json).
        Assert.Equal(1.45422173f, features[0], 1e-4f);
        Assert.Equal(1.30111992f, features[1], 1e-4f);
        Assert.All(features, f => Assert.True(f >= 0));
    }

    [Fact]
    public void ADisposedEmbedderThrowsObjectDisposedException()
    {
        var embedder = new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new ModelOptions { FilePath = Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx") } });
        embedder.Dispose();
        embedder.Dispose(); // idempotent
        using Image<Rgb24> chip = RealChip();
        Assert.Throws<ObjectDisposedException>(() => embedder.Embed(chip));
    }

    [Fact]
    public void AMissingModelFileGivesFaceModelExceptionNamingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "model.onnx");
        var e = Assert.Throws<FaceModelException>(() => new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new ModelOptions { FilePath = path } }));
        Assert.Equal(path, e.ModelPath);
        Assert.Contains("does not exist", e.Message);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public void ACorruptModelFileGivesFaceModelException(string kind)
    {
        byte[] real = File.ReadAllBytes(Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx"));
        byte[] bad = kind switch
        {
            "truncated" => real[..(real.Length / 3)],
            "garbage" => File.ReadAllBytes(Fixtures.Path(TestFiles.Reference.BaldGuysFace0)),
            _ => [],
        };
        string path = Path.Combine(Path.GetTempPath(), $"facemetric-bad-{kind}-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bad);
        try
        {
            var e = Assert.Throws<FaceModelException>(() => new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new ModelOptions { FilePath = path } }));
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
