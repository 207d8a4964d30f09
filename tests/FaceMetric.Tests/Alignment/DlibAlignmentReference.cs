using System.Numerics;
using System.Text.Json;
using FaceMetric.Landmarks;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Alignment;

/// <summary>One face of dlib's align_*.json: its 68 landmarks and dlib's chip details and chip.</summary>
internal sealed record DlibFace(
    string Name,
    FaceLandmarks Landmarks,
    double Left,
    double Top,
    double Right,
    double Bottom,
    double Angle,
    int Rows,
    int Cols,
    int PyramidLevel,
    double[] ImageToChip,
    string ChipPath);

/// <summary>Reads dlib's alignment reference (reference/dlib/align_*.json, faces/align.json).</summary>
internal static class DlibAlignmentReference
{
    /// <summary>The faces of one image of an align json file, with the chip paths resolved under the json's folder.</summary>
    public static IReadOnlyList<DlibFace> Faces(string jsonFixture, string imageNameContains)
    {
        string jsonPath = Fixtures.Path(jsonFixture);
        string chipRoot = Path.Combine(Fixtures.Root, "reference", "dlib");
        using var doc = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var faces = new List<DlibFace>();
        foreach (JsonElement image in doc.RootElement.GetProperty("images").EnumerateArray())
        {
            if (!image.GetProperty("image").GetString()!.Contains(imageNameContains, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (JsonElement face in image.GetProperty("faces").EnumerateArray())
            {
                Vector2[] points = face.GetProperty("landmarks").EnumerateArray()
                    .Select(p => new Vector2(p[0].GetSingle(), p[1].GetSingle()))
                    .ToArray();
                JsonElement chip = face.GetProperty("chip");
                JsonElement rect = chip.GetProperty("rect");
                JsonElement map = chip.GetProperty("image_to_chip");
                JsonElement m = map.GetProperty("m");
                JsonElement b = map.GetProperty("b");
                string chipPng = face.GetProperty("chip_png").GetString()!;
                faces.Add(new DlibFace(
                    Path.GetFileNameWithoutExtension(chipPng),
                    new FaceLandmarks(points),
                    rect.GetProperty("left").GetDouble(),
                    rect.GetProperty("top").GetDouble(),
                    rect.GetProperty("right").GetDouble(),
                    rect.GetProperty("bottom").GetDouble(),
                    chip.GetProperty("angle").GetDouble(),
                    chip.GetProperty("rows").GetInt32(),
                    chip.GetProperty("cols").GetInt32(),
                    chip.GetProperty("pyramid_level").GetInt32(),
                    [m[0][0].GetDouble(), m[0][1].GetDouble(), m[1][0].GetDouble(), m[1][1].GetDouble(), b[0].GetDouble(), b[1].GetDouble()],
                    Path.Combine(chipRoot, chipPng)));
            }
        }

        return faces;
    }
}
