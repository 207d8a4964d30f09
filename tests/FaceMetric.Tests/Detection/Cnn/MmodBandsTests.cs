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
/// The CNN detector's network run in bands of rows (<see cref="MmodBands"/>) gives the scores of one run over the whole
/// tiled pyramid, bit for bit, and so the same faces; and the bands' kept rows cover every output row once.
/// </summary>
public sealed class MmodBandsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("data/face-api.js/examples/images/bbt3.jpg", 0, 200_000)]
    [InlineData("data/face-api.js/examples/images/bbt3.jpg", 1, 500_000)]
    [InlineData("data/face_recognition/examples/obama_small.jpg", 1, 200_000)]
    [InlineData("data/dlib/examples/faces/bald_guys.jpg", 0, 1_000_000)]
    public void BandsGiveTheWholeRunsScoresBitForBit(string photo, int upsample, long pixelsPerRun)
    {
        using Image<Rgb24> image = FaceImage.Load(Fixtures.Path(photo));
        using var detector = new CnnFaceDetector(new CnnDetectorOptions
        {
            Model = new() { FilePath = Fixtures.Model(CnnFaceDetector.DefaultModelFileName) },
            Upsample = upsample,
        });
        RgbRaster raster = HogFaceDetector.ToRaster(image);
        for (int u = 0; u < upsample; u++)
        {
            raster = DlibBilinearResize.PyramidUp(raster);
        }

        TiledPyramid layout = TiledPyramid.Layout(raster.Width, raster.Height, 10, 11);
        detector.MaxPixelsPerRun = long.MaxValue;
        var (whole, rows, cols) = detector.Run(raster, layout);
        IReadOnlyList<DetectedFace> wholeFaces = detector.Detect(image);

        detector.MaxPixelsPerRun = pixelsPerRun;
        int bands = MmodBands.Plan(layout.Rows, layout.Cols, detector.Settings, pixelsPerRun).Count;
        Assert.True(bands > 2, $"{photo}: {layout.Cols}x{layout.Rows} in {bands} band(s); the test wants several");
        var (banded, bandedRows, bandedCols) = detector.Run(raster, layout);
        Assert.Equal((rows, cols), (bandedRows, bandedCols));
        Assert.Equal(whole.Length, banded.Length);
        for (int i = 0; i < whole.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(whole[i]) != BitConverter.SingleToInt32Bits(banded[i]))
            {
                Assert.Fail($"{photo}: score {i} (row {i / cols % rows}) is {banded[i]:R} in bands, {whole[i]:R} whole");
            }
        }

        Assert.Equal(wholeFaces, detector.Detect(image));
        output.WriteLine($"{photo} upsample {upsample}: {layout.Cols}x{layout.Rows} tiled, {bands} bands, {whole.Length} scores identical, {wholeFaces.Count} faces");
    }

    [Theory]
    [InlineData(29, 40)]
    [InlineData(300, 500)]
    [InlineData(6637, 1824)]
    [InlineData(2001, 17)]
    public void TheKeptRowsCoverEveryOutputRowOnce(int rows, int cols)
    {
        MmodSettings settings = DlibFaceNetworkSettings();
        foreach (long budget in new long[] { 1, 10_000, 100_000, 1_000_000, long.MaxValue })
        {
            IReadOnlyList<MmodBand> bands = MmodBands.Plan(rows, cols, settings, budget);
            int outputs = ((rows - 29) / 8) + 1;
            int next = 0;
            foreach (MmodBand b in bands)
            {
                Assert.Equal(next, b.OutputTop + b.KeepFrom);
                Assert.Equal(0, b.InputTop % 8);
                Assert.True(b.InputTop + b.InputRows <= rows);
                int bandOutputs = ((b.InputRows - 29) / 8) + 1;
                Assert.True(b.KeepFrom + b.KeepRows <= bandOutputs);

                // Ten rows of context past every cut that is not the image's own edge.
                int keptEnd = b.OutputTop + b.KeepFrom + b.KeepRows;
                Assert.True(b.OutputTop == 0 || b.KeepFrom >= MmodBands.Reach);
                Assert.True(b.OutputTop + bandOutputs == outputs || b.OutputTop + bandOutputs - keptEnd >= MmodBands.Reach);
                next += b.KeepRows;
            }

            Assert.Equal(outputs, next);
        }
    }

    private static MmodSettings DlibFaceNetworkSettings()
    {
        using var detector = new CnnFaceDetector(new CnnDetectorOptions { Model = new() { FilePath = Fixtures.Model(CnnFaceDetector.DefaultModelFileName) } });
        return detector.Settings;
    }
}
