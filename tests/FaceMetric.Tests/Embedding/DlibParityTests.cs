using FaceMetric.Embedding;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Embedding;

/// <summary>
/// The exported ONNX model against dlib's own C++ forward pass (same weights, dlib's /256 input):
/// ../shared/reference/dlib/embed_all.json (bald_guys + face-api demo chips) and cw/johns/embed.json (55 chips).
/// </summary>
[Collection(EmbedderCollection.Name)]
public sealed class DlibParityTests(SharedEmbedder shared, ITestOutputHelper output)
{
    private const float Tolerance = 1e-4f;

    [Theory]
    [InlineData(TestFiles.Reference.EmbedAll)]
    [InlineData(TestFiles.Reference.JohnsEmbedJson)]
    public void EveryDescriptorMatchesDlibWithin1e4PerComponent(string referenceFile)
    {
        var reference = ReferenceDescriptors.Load(referenceFile);
        var chips = reference.Select(r => Image.Load<Rgb24>(ReferenceDescriptors.ChipPath(r.Chip))).ToList();
        try
        {
            IReadOnlyList<FaceDescriptor> ours = shared.Embedder.Embed(chips);
            float worst = 0;
            for (int i = 0; i < reference.Count; i++)
            {
                ReadOnlySpan<float> mine = ours[i].Values;
                for (int k = 0; k < FaceDescriptor.Length; k++)
                {
                    worst = Math.Max(worst, Math.Abs(mine[k] - reference[i].Descriptor[k]));
                }
            }

            output.WriteLine($"{referenceFile}: {reference.Count} chips, max |ours - dlib| = {worst:E3}");
            Assert.True(worst <= Tolerance, $"max component difference {worst:E3} > {Tolerance:E0}");
        }
        finally
        {
            chips.ForEach(c => c.Dispose());
        }
    }
}
