using FaceMetric.Tests.TestSupport;
using System.Numerics;
using FaceMetric.Alignment;
using FaceMetric.Landmarks;

namespace FaceMetric.Tests.Alignment;

public sealed class FaceChipDetailsTests
{
    // dlib's 5-point template (get_face_chip_details), for building landmarks with a known pose.
    private static readonly double[] Template5X = [0.8595674595992, 0.6460604764104, 0.1205750620789, 0.3340850613712, 0.4901123135679];
    private static readonly double[] Template5Y = [0.2134981538014, 0.2289674387677, 0.2137274526848, 0.2290642403242, 0.6277975316475];

    [Theory]
    [InlineData(0.0, 1.0, 400.0, 300.0)]
    [InlineData(0.3, 2.5, 812.25, 95.5)]
    [InlineData(-1.2, 0.6, -40.0, 1200.0)]
    public void FivePointsPlacedByASimilarityGiveThatSimilarityBack(double angle, double scale, double tx, double ty)
    {
        const int Size = 150;
        const double Padding = 0.25;

        // Put dlib's template, in chip pixels, through a known similarity: the chip must undo it exactly.
        var points = new Vector2[5];
        for (int i = 0; i < 5; i++)
        {
            double cx = (Padding + Template5X[i]) / (1 + (2 * Padding)) * Size;
            double cy = (Padding + Template5Y[i]) / (1 + (2 * Padding)) * Size;
            var (x, y) = Similarity(angle, scale, tx, ty, cx, cy);
            points[i] = new Vector2((float)x, (float)y);
        }

        FaceChipDetails details = FaceChipDetails.ForFace(new FaceLandmarks(points), Size, Padding);

        var (centerX, centerY) = Similarity(angle, scale, tx, ty, Size / 2.0, Size / 2.0);
        double tolerance = 1e-4 * scale; // the float landmarks round to about 1e-5 of their magnitude
        Assert.Equal(angle, details.Angle, 1e-6);
        Assert.Equal(Size * scale, details.Width, tolerance * 100);
        Assert.Equal(Size * scale, details.Height, tolerance * 100);
        Assert.Equal(centerX, details.CenterX, 0.01);
        Assert.Equal(centerY, details.CenterY, 0.01);
        Assert.Equal(Size, details.Rows);
        Assert.Equal(Size, details.Cols);
    }

    [Fact]
    public void SixtyEightPointsIgnoreJawEyebrowsAndLowerLip()
    {
        // Landmarks from dlib's first bald_guys face; moving only the points dlib ignores must not move the chip.
        DlibFace face = DlibAlignmentReference.Faces(TestFiles.Reference.AlignBaldGuys, "bald_guys")[0];
        Vector2[] points = face.Landmarks.ToArray();
        FaceChipDetails before = FaceChipDetails.ForFace(face.Landmarks);
        foreach (int i in Enumerable.Range(0, 27).Concat(Enumerable.Range(55, 5)).Concat(Enumerable.Range(65, 3)))
        {
            points[i] += new Vector2(37, -23);
        }

        FaceChipDetails after = FaceChipDetails.ForFace(new FaceLandmarks(points));
        Assert.Equal(before.ToString(), after.ToString());

        // ...while moving a used point (the nose tip, 30) does.
        points[30] += new Vector2(5, 0);
        Assert.NotEqual(before.ToString(), FaceChipDetails.ForFace(new FaceLandmarks(points)).ToString());
    }

    [Fact]
    public void FromCenterBuildsDlibCenteredDrect()
    {
        FaceChipDetails d = FaceChipDetails.FromCenter(100, 50, 11, 21, 0.5, 30, 40);
        Assert.Equal(95, d.Left);
        Assert.Equal(105, d.Right);
        Assert.Equal(40, d.Top);
        Assert.Equal(60, d.Bottom);
        Assert.Equal(100, d.CenterX);
        Assert.Equal(50, d.CenterY);
        Assert.Equal(11, d.Width);
        Assert.Equal(21, d.Height);
        Assert.Equal(30, d.Rows);
        Assert.Equal(40, d.Cols);
    }

    [Fact]
    public void InvalidArgumentsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => FaceChipDetails.FromRectangle(10, 0, 5, 10, 0, 10, 10));
        Assert.Throws<ArgumentException>(() => FaceChipDetails.FromRectangle(double.NaN, 0, 5, 10, 0, 10, 10));
        Assert.Throws<ArgumentException>(() => FaceChipDetails.FromRectangle(0, 0, 5, 10, double.PositiveInfinity, 10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => FaceChipDetails.FromRectangle(0, 0, 5, 10, 0, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => FaceChipDetails.FromRectangle(0, 0, 5, 10, 0, 10, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FaceChipDetails.FromRectangle(0, 0, 5, 10, 0, 100_000, 100_000));
        Assert.Throws<ArgumentException>(() => FaceChipDetails.FromCenter(0, 0, 0.5, 10, 0, 10, 10));
        Assert.Throws<ArgumentNullException>(() => FaceChipDetails.ForFace(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceAligner(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceAligner(150, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceAligner(150, double.NaN));

        // All five points in one place: no face to fit.
        var same = new FaceLandmarks(Enumerable.Repeat(new Vector2(3, 4), 5).ToArray());
        Assert.Throws<ArgumentException>(() => FaceChipDetails.ForFace(same));
    }

    [Fact]
    public void LandmarksMustBe68Or5FinitePoints()
    {
        Assert.Throws<ArgumentException>(() => new FaceLandmarks(new Vector2[67]));
        Assert.Throws<ArgumentException>(() => new FaceLandmarks(new Vector2[6]));
        var points = new Vector2[5];
        points[2] = new Vector2(float.NaN, 1);
        Assert.Throws<ArgumentException>(() => new FaceLandmarks(points));

        var ok = new Vector2[68];
        ok[5] = new Vector2(1, 2);
        var landmarks = new FaceLandmarks(ok);
        ok[5] = new Vector2(9, 9); // the landmarks keep their own copy
        Assert.Equal(new Vector2(1, 2), landmarks[5]);
        Assert.Equal(68, landmarks.Count);
    }

    private static (double X, double Y) Similarity(double angle, double scale, double tx, double ty, double x, double y) =>
        ((scale * ((Math.Cos(angle) * x) - (Math.Sin(angle) * y))) + tx, (scale * ((Math.Sin(angle) * x) + (Math.Cos(angle) * y))) + ty);
}
