using FaceMetric.Embedding;

namespace FaceMetric.Tests.TestSupport;

/// <summary>dlib's examples/johns: 55 descriptors of 5 people x 11 (reference/dlib/cw/johns55_t06.desc.txt), with their folder names.</summary>
internal static class Johns
{
    private static readonly Lazy<(string[] People, FaceDescriptor[] Faces)> Data = new(() =>
    {
        (List<string> names, List<FaceDescriptor> faces) = ReferenceData.ReadDescriptors("johns55_t06");
        return (names.Select(n => n.Split('/')[^2]).ToArray(), faces.ToArray());
    });

    /// <summary>The person (folder) of each face.</summary>
    public static string[] People => Data.Value.People;

    /// <summary>The 55 descriptors.</summary>
    public static FaceDescriptor[] Faces => Data.Value.Faces;
}
