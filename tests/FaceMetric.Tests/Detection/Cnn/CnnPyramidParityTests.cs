using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using FaceMetric.Detection;
using FaceMetric.Detection.Cnn;
using FaceMetric.Detection.Hog;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Detection.Cnn;

/// <summary>
/// The CNN detector's input and network against dlib 19.24's own on the same photo: reference/dlib/cnn/NAME.pyramid.json
/// and NAME.scores.f32 were written by tools/dlib-cnn/dump.sh (dlib's input_rgb_image_pyramid::to_tensor and forward
/// pass). The tiled pyramid must be dlib's bit for bit (level rectangles and every float); the network's scores,
/// computed by ONNX Runtime on the folded export, within float rounding of dlib's.
/// </summary>
public sealed class CnnPyramidParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("obama_small_u0")]
    [InlineData("bbt3_u0")]
    public void TheTiledPyramidIsDlibsBitForBitAndTheScoresAgree(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path($"reference/dlib/cnn/{name}.pyramid.json")));
        JsonElement root = doc.RootElement;
        Assert.Equal(0, root.GetProperty("upsample").GetInt32());
        using Image<Rgb24> image = FaceImage.Load(Fixtures.Path(root.GetProperty("image").GetString()!));
        using var detector = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = Fixtures.Model(CnnFaceDetector.DefaultModelFileName) }, Upsample = 0 });

        TiledPyramid layout = TiledPyramid.Layout(image.Width, image.Height, 10, 11);
        Assert.Equal(root.GetProperty("rows").GetInt32(), layout.Rows);
        Assert.Equal(root.GetProperty("cols").GetInt32(), layout.Cols);
        var levels = root.GetProperty("levels").EnumerateArray().Select(l => (l[0].GetInt64(), l[1].GetInt64(), l[2].GetInt64(), l[3].GetInt64())).ToList();
        Assert.Equal(levels, layout.Levels.Select(r => (r.Left, r.Top, r.Right, r.Bottom)).ToList());

        RgbRaster raster = HogFaceDetector.ToRaster(image);
        var tensor = new float[3 * layout.Rows * layout.Cols];
        layout.Fill(raster, [122.782f, 117.001f, 104.298f], tensor);
        Assert.True(BitConverter.IsLittleEndian);
        Assert.Equal(root.GetProperty("input_sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(tensor.AsSpan()))));

        var (scores, rows, cols) = detector.Run(raster, layout);
        Assert.Equal((root.GetProperty("scores_rows").GetInt32(), root.GetProperty("scores_cols").GetInt32()), (rows, cols));
        float[] dlib = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Fixtures.Path($"reference/dlib/cnn/{name}.scores.f32"))).ToArray();
        Assert.Equal(dlib.Length, scores.Length);
        double worst = 0;
        for (int i = 0; i < dlib.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(dlib[i] - scores[i]));
        }

        output.WriteLine($"{name}: {layout.Cols}x{layout.Rows} tiled pyramid, {layout.Levels.Count} levels, bit-identical; {dlib.Length} scores, max |diff| {worst:G3} (range {dlib.Min():F2}..{dlib.Max():F2})");
        Assert.True(worst < 1e-4, $"scores differ from dlib's by up to {worst}");
    }
}
