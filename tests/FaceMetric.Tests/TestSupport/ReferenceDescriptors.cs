using System.Text.Json;

namespace FaceMetric.Tests.TestSupport;

/// <summary>Reads dlib's reference descriptor files (embed_all.json, cw/johns/embed.json).</summary>
internal static class ReferenceDescriptors
{
    /// <summary>(chip path relative to reference/dlib, descriptor) in file order.</summary>
    public static IReadOnlyList<(string Chip, float[] Descriptor)> Load(string fixtureRelativePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path(fixtureRelativePath)));
        return doc.RootElement.GetProperty("descriptors").EnumerateArray()
            .Select(e => (e.GetProperty("chip").GetString()!, e.GetProperty("descriptor").EnumerateArray().Select(v => v.GetSingle()).ToArray()))
            .ToList();
    }

    public static string ChipPath(string chip) => Fixtures.Path(TestFiles.Reference.Dlib + chip);
}
