using System.Text.Json;
using FaceMetric.Detection.Cnn;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Detection.Cnn;

/// <summary>
/// The tiled pyramid layout against dlib 19.24's own <c>compute_tiled_image_pyramid_details</c>
/// (reference/dlib/cnn/layouts.json, tools/dlib-cnn 'layout'): photo sizes, and the odd ones where dlib's unsigned
/// arithmetic wraps (images narrower than the padding, which dlib lays out above the tiled image).
/// </summary>
public sealed class TiledPyramidLayoutTests
{
    public static TheoryData<int, int> Sizes()
    {
        var data = new TheoryData<int, int>();
        foreach (JsonElement l in Layouts())
        {
            data.Add(l.GetProperty("width").GetInt32(), l.GetProperty("height").GetInt32());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TheLayoutIsDlibs(int width, int height)
    {
        JsonElement expected = Layouts().Single(l => l.GetProperty("width").GetInt32() == width && l.GetProperty("height").GetInt32() == height);
        TiledPyramid layout = TiledPyramid.Layout(width, height, 10, 11);
        Assert.Equal(expected.GetProperty("rows").GetInt32(), layout.Rows);
        Assert.Equal(expected.GetProperty("cols").GetInt32(), layout.Cols);
        Assert.Equal(
            expected.GetProperty("levels").EnumerateArray().Select(r => (r[0].GetInt64(), r[1].GetInt64(), r[2].GetInt64(), r[3].GetInt64())).ToList(),
            layout.Levels.Select(r => (r.Left, r.Top, r.Right, r.Bottom)).ToList());
    }

    private static List<JsonElement> Layouts()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("reference/dlib/cnn/layouts.json")));
        return doc.RootElement.GetProperty("layouts").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
