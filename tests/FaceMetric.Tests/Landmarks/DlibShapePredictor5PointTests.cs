using System.Numerics;
using System.Text.Json;
using FaceMetric.Alignment;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using FaceMetric.Tests.Alignment;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Landmarks;

/// <summary>
/// dlib's 5-point path against dlib 19.24 itself. reference/dlib/shape5/shape_predictor_5_lfw_small.dat is a small
/// 5-point model trained by dlib's own shape_predictor_trainer (tools/dlib-shape5/train.sh) on 300 LFW View 1
/// DevTrain faces (HOG boxes; the 5 points from face-api.js's 68-point net); predict.json and chips/ are dlib's
/// sp(img, box), get_face_chip_details(shape, 150, 0.25) and extract_image_chip on 20 further DevTrain faces. Points
/// must be dlib's exactly, chip details within 1e-9 and chips byte-identical.
/// </summary>
public sealed class DlibShapePredictor5PointTests(ITestOutputHelper output)
{
    private static readonly Lazy<DlibShapePredictor> Predictor = new(() => new DlibShapePredictor(Fixtures.Path("reference/dlib/shape5/shape_predictor_5_lfw_small.dat")));

    [Fact]
    public void TheSmallModelIsReadAsAFivePointPredictor() => Assert.Equal(5, Predictor.Value.PartCount);

    [Fact]
    public void EveryPredictedPointIsDlibs()
    {
        var faces = Reference();
        Assert.Equal(20, faces.Count);
        int points = 0;
        foreach (var face in faces)
        {
            using Image<Rgb24> image = FaceImage.Load(Fixtures.Path("data/lfw/" + face.Image));
            FaceLandmarks ours = Predictor.Value.Predict(image, face.Box.Left, face.Box.Top, face.Box.Right, face.Box.Bottom);
            Assert.Equal(5, ours.Count);
            Assert.Equal(face.Parts, ours.ToArray());
            points += ours.Count;
        }

        output.WriteLine($"{points}/{points} points identical to dlib's on {faces.Count} faces");
    }

    [Fact]
    public void ChipsFromDlibsFivePointsAreDlibsByteForByte()
    {
        var aligner = new FaceAligner(150, 0.25);
        int identical = 0;
        foreach (var face in Reference())
        {
            FaceChipDetails details = aligner.GetChipDetails(new FaceLandmarks(face.Parts));
            Assert.Equal(face.ChipRect.Left, details.Left, 1e-9);
            Assert.Equal(face.ChipRect.Top, details.Top, 1e-9);
            Assert.Equal(face.ChipRect.Right, details.Right, 1e-9);
            Assert.Equal(face.ChipRect.Bottom, details.Bottom, 1e-9);
            Assert.Equal(face.Angle, details.Angle, 1e-12);

            using Image<Rgb24> image = FaceImage.Load(Fixtures.Path("data/lfw/" + face.Image));
            using Image<Rgb24> chip = aligner.ExtractChip(image, details);
            using Image<Rgb24> dlib = Image.Load<Rgb24>(Fixtures.Path("reference/dlib/shape5/chips/" + face.ChipPng));
            ChipComparison diff = ChipComparison.Compare(chip, dlib);
            Assert.True(diff.DifferingBytes == 0, $"{face.Image}: {diff}");
            identical++;
        }

        output.WriteLine($"{identical} chips byte-identical to dlib's");
    }

    [Fact]
    public void AModelWithAnotherPartCountIsRefused()
    {
        // dlib's serialisation of a predictor starts with version 1, then the initial shape as a column matrix (rows and
        // columns negated, then float_details values): write one with 3 parts (6 rows of 0.0) and nothing after it.
        string path = Path.Combine(Path.GetTempPath(), $"facemetric-sp3-{Guid.NewGuid():N}.dat");
        try
        {
            File.WriteAllBytes(path, [0x01, 0x01, 0x81, 0x06, 0x81, 0x01, .. Enumerable.Repeat<byte[]>([0x01, 0x00, 0x01, 0x00], 6).SelectMany(b => b)]);
            var e = Assert.Throws<FaceModelException>(() => new DlibShapePredictor(path));
            Assert.Contains("68", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<Face> Reference()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("reference/dlib/shape5/predict.json")));
        return doc.RootElement.GetProperty("faces").EnumerateArray().Select(f =>
        {
            JsonElement b = f.GetProperty("box"), c = f.GetProperty("chip"), r = c.GetProperty("rect");
            return new Face(
                f.GetProperty("image").GetString()!,
                (b[0].GetInt64(), b[1].GetInt64(), b[2].GetInt64(), b[3].GetInt64()),
                f.GetProperty("parts").EnumerateArray().Select(p => new Vector2(p[0].GetInt32(), p[1].GetInt32())).ToArray(),
                (r[0].GetDouble(), r[1].GetDouble(), r[2].GetDouble(), r[3].GetDouble()),
                c.GetProperty("angle").GetDouble(),
                f.GetProperty("chip_png").GetString()!);
        }).ToList();
    }

    private sealed record Face(
        string Image,
        (long Left, long Top, long Right, long Bottom) Box,
        Vector2[] Parts,
        (double Left, double Top, double Right, double Bottom) ChipRect,
        double Angle,
        string ChipPng);
}
