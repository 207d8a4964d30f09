using FaceMetric.Embedding;
using FaceMetric.Onnx;
using FaceMetric.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Embedding;

/// <summary>
/// Sessions with an arena allocate from one CPU arena in ONNX Runtime's environment unless
/// <see cref="InferenceOptions.ShareCpuArena"/> is off; the descriptors are the same either way, and sessions sharing
/// it from many threads at once compute what each computes alone.
/// </summary>
public sealed class SharedCpuArenaTests
{
    private static string ModelPath => Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx");

    [Fact]
    public void SessionsWithAnArenaShareTheEnvironmentsUnlessTurnedOff()
    {
        using (var shared = new SessionOptions())
        using (var own = new SessionOptions())
        {
            Assert.True(SharedCpuArena.Apply(shared, share: true));
            Assert.False(SharedCpuArena.Apply(own, share: false));
        }

        // The defaults share; a session without an arena, or with sharing turned off, does not.
        Assert.True(InferenceOptions.Default.SharesCpuArena(memoryArena: true));
        Assert.False(InferenceOptions.Default.SharesCpuArena(memoryArena: false));
        Assert.False((InferenceOptions.Default with { ShareCpuArena = false }).SharesCpuArena(memoryArena: true));
    }

    [Fact]
    public void SharedAndOwnArenasGiveTheSameDescriptorsAlsoFromFourThreadsAtOnce()
    {
        byte[] chips = JohnsChips(12, out int count);
        var options = new FaceEmbedderOptions { Model = new ModelOptions { FilePath = ModelPath }, MaxBatchSize = 4 };
        using var own = new OnnxFaceEmbedder(options with { Model = options.Model with { Inference = new InferenceOptions { ShareCpuArena = false } } });
        using var first = new OnnxFaceEmbedder(options);
        using var second = new OnnxFaceEmbedder(options with { MaxBatchSize = 3 });
        float[][] alone = own.Embed(chips, count).Select(d => d.ToArray()).ToArray();

        var together = new float[8][][];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            OnnxFaceEmbedder embedder = k % 2 == 0 ? first : second;
            together[k] = embedder.Embed(chips, count).Select(d => d.ToArray()).ToArray();
        });

        Assert.All(together, run => Assert.Equal(alone, run));
    }

    /// <summary>The first <paramref name="take"/> of dlib's 150 x 150 johns chips, RGB, one after another.</summary>
    private static byte[] JohnsChips(int take, out int count)
    {
        string root = Fixtures.Path(TestFiles.Reference.Chips);
        string[] files = Directory.GetFiles(root, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(take).ToArray();
        const int ChipBytes = 150 * 150 * 3;
        byte[] chips = new byte[files.Length * ChipBytes];
        for (int i = 0; i < files.Length; i++)
        {
            using Image<Rgb24> chip = Image.Load<Rgb24>(files[i]);
            chip.CopyPixelDataTo(chips.AsSpan(i * ChipBytes, ChipBytes));
        }

        count = files.Length;
        return chips;
    }
}
