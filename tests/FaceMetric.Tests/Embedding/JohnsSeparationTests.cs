using FaceMetric.Embedding;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Embedding;

/// <summary>dlib's examples/johns: 55 aligned chips of 5 people. dlib's rule (same person when distance &lt; 0.6) holds for every pair.</summary>
[Collection(EmbedderCollection.Name)]
public sealed class JohnsSeparationTests(SharedEmbedder shared, ITestOutputHelper output)
{
    [Fact]
    public void EverySamePersonPairIsCloserThan06AndEveryOtherPairFarther()
    {
        string root = Fixtures.Path(TestFiles.Reference.Chips);
        var files = Directory.GetFiles(root, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(55, files.Length);
        var chips = files.Select(f => Image.Load<Rgb24>(f)).ToList();
        IReadOnlyList<FaceDescriptor> d;
        try
        {
            d = shared.Embedder.Embed(chips);
        }
        finally
        {
            chips.ForEach(c => c.Dispose());
        }

        string[] person = files.Select(f => Path.GetFileName(Path.GetDirectoryName(f)!)).ToArray();
        Assert.Equal(5, person.Distinct().Count());
        int pairs = 0, right = 0;
        float maxSame = 0, minDifferent = float.MaxValue;
        for (int i = 0; i < d.Count; i++)
        {
            for (int j = i + 1; j < d.Count; j++)
            {
                float dist = d[i].DistanceTo(d[j]);
                bool same = person[i] == person[j];
                pairs++;
                right += (dist < 0.6f) == same ? 1 : 0;
                if (same)
                {
                    maxSame = Math.Max(maxSame, dist);
                }
                else
                {
                    minDifferent = Math.Min(minDifferent, dist);
                }
            }
        }

        output.WriteLine($"pairs {pairs}, right {right} ({100.0 * right / pairs:F2}%), max same-person {maxSame:F4} (margin {0.6f - maxSame:F4}), min different-person {minDifferent:F4} (margin {minDifferent - 0.6f:F4})");
        Assert.Equal(1485, pairs);
        Assert.Equal(pairs, right);
        Assert.True(maxSame < 0.6f && minDifferent > 0.6f);
    }
}
