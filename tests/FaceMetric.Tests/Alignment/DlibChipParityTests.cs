using FaceMetric.Geometry;
using FaceMetric.Alignment;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Alignment;

/// <summary>
/// Chip details and chips against dlib 19.24's own (reference/dlib): dlib's 68 landmarks and dlib's decoded pixels in,
/// dlib's chip_details and 150x150 chips out. On Linux x64 every chip here is byte-identical to dlib's; the tolerance
/// (mean absolute difference 0.01, max 1 grey level) leaves room only for last-bit differences of another platform's
/// sin/cos, and any geometric mistake (half a pixel, a wrong template point) gives several grey levels on average.
/// </summary>
public sealed class DlibChipParityTests
{
    private const double RelativeTolerance = 1e-9;

    public static TheoryData<string, string> Landmarks => new()
    {
        { "reference/dlib/align_bald_guys.json", "bald_guys" },
        { "reference/dlib/faces/align.json", "obama2" },
    };

    public static TheoryData<string, string, string> FaceSets => new()
    {
        { "reference/dlib/align_bald_guys.json", "bald_guys", "reference/dlib/decoded/bald_guys_decoded.png" },
        { "reference/dlib/faces/align.json", "obama2", "reference/dlib/faces/decoded/obama2_decoded.png" },
    };

    [Theory]
    [MemberData(nameof(Landmarks))]
    public void ChipDetailsMatchDlibGetFaceChipDetails(string json, string image)
    {
        var aligner = new FaceAligner(150, 0.25);
        IReadOnlyList<DlibFace> faces = DlibAlignmentReference.Faces(json, image);
        Assert.NotEmpty(faces);
        foreach (DlibFace face in faces)
        {
            FaceChipDetails details = aligner.GetChipDetails(face.Landmarks);
            AssertClose(face.Left, details.Left, face.Name + " left");
            AssertClose(face.Top, details.Top, face.Name + " top");
            AssertClose(face.Right, details.Right, face.Name + " right");
            AssertClose(face.Bottom, details.Bottom, face.Name + " bottom");
            AssertClose(face.Angle, details.Angle, face.Name + " angle");
            Assert.Equal(face.Rows, details.Rows);
            Assert.Equal(face.Cols, details.Cols);
        }
    }

    [Theory]
    [MemberData(nameof(Landmarks))]
    public void MappingToChipMatchesDlibGetMappingToChip(string json, string image)
    {
        foreach (DlibFace face in DlibAlignmentReference.Faces(json, image))
        {
            var details = FaceChipDetails.FromRectangle(face.Left, face.Top, face.Right, face.Bottom, face.Angle, face.Rows, face.Cols);
            AffineTransform map = details.ImageToChip();
            double[] actual = [map.M00, map.M01, map.M10, map.M11, map.B0, map.B1];
            for (int i = 0; i < actual.Length; i++)
            {
                AssertClose(face.ImageToChip[i], actual[i], $"{face.Name} image_to_chip[{i}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FaceSets))]
    public void PyramidLevelMatchesDlib(string json, string image, string decoded)
    {
        var info = Image.Identify(Fixtures.Path(decoded));
        IReadOnlyList<DlibFace> faces = DlibAlignmentReference.Faces(json, image);
        foreach (DlibFace face in faces)
        {
            var details = FaceChipDetails.FromRectangle(face.Left, face.Top, face.Right, face.Bottom, face.Angle, face.Rows, face.Cols);
            Assert.Equal(face.PyramidLevel, ChipExtractor.Plan(details, info.Width, info.Height).Level);
        }

        // Both sets hold at least one face large enough for dlib's pyramid branch.
        Assert.Contains(faces, f => f.PyramidLevel >= 0);
    }

    [Theory]
    [MemberData(nameof(FaceSets))]
    public void ChipsMatchDlibExtractImageChip(string json, string image, string decoded)
    {
        using Image<Rgb24> source = FaceImage.Load(Fixtures.Path(decoded));
        var aligner = new FaceAligner();
        foreach (DlibFace face in DlibAlignmentReference.Faces(json, image))
        {
            using Image<Rgb24> chip = aligner.ExtractChip(source, face.Landmarks);
            using Image<Rgb24> expected = Image.Load<Rgb24>(face.ChipPath);
            ChipComparison diff = ChipComparison.Compare(chip, expected);
            Assert.True(
                diff.MeanAbsoluteDifference <= 0.01 && diff.MaxAbsoluteDifference <= 1,
                $"{face.Name}: mean abs diff {diff.MeanAbsoluteDifference}, max {diff.MaxAbsoluteDifference}, {diff.DifferingBytes} bytes differ");
        }
    }

    [Fact]
    public void SpanCoreGivesTheSameChipAsTheImageDoor()
    {
        using Image<Rgb24> source = FaceImage.Load(Fixtures.Path("reference/dlib/decoded/bald_guys_decoded.png"));
        byte[] pixels = new byte[source.Width * source.Height * 3];
        source.CopyPixelDataTo(pixels);
        var aligner = new FaceAligner();
        foreach (DlibFace face in DlibAlignmentReference.Faces("reference/dlib/align_bald_guys.json", "bald_guys").Take(6))
        {
            FaceChipDetails details = aligner.GetChipDetails(face.Landmarks);
            byte[] fromSpan = new byte[150 * 150 * 3];
            ChipExtractor.Extract(pixels, source.Width, source.Height, details, fromSpan);
            using Image<Rgb24> fromImage = aligner.ExtractChip(source, details);
            byte[] imageBytes = new byte[150 * 150 * 3];
            fromImage.CopyPixelDataTo(imageBytes);
            Assert.Equal(imageBytes, fromSpan);
        }
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        double tolerance = RelativeTolerance * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: dlib {expected:R}, got {actual:R}");
    }
}
