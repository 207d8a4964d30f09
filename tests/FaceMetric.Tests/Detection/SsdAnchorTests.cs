using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Detection;

/// <summary>
/// The anchors shipped in the exported detector are the TF Object Detection API's SSD anchors for this net (the
/// layout the box decoding assumes): 6 maps of 32, 16, 8, 4, 2, 1 cells, centre ((i + 0.5) / G), and per cell the
/// sizes listed in reference/faceapi/ARCHITECTURE.txt (measured deviation 4.1e-5: the stored values are not
/// the exact double formula).
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class SsdAnchorTests(SharedDetectors shared)
{
    [Fact]
    public void TheModelsAnchorsAreTheSsdGridAnchors()
    {
        var expected = new List<float>();
        AddMap(expected, 32, [(0.1, 1.0), (0.2, 2.0), (0.2, 0.5)]);
        double[] scales = [0.35, 0.5, 0.65, 0.8, 0.95, 1.0];
        int[] grids = [16, 8, 4, 2, 1];
        for (int k = 0; k < grids.Length; k++)
        {
            double s = scales[k];
            AddMap(expected, grids[k], [(s, 1.0), (Math.Sqrt(s * scales[k + 1]), 1.0), (s, 2.0), (s, 0.5), (s, 3.0), (s, 1.0 / 3.0)]);
        }

        ReadOnlySpan<float> anchors = shared.Detector.Anchors;
        Assert.Equal(5118 * 4, expected.Count);
        Assert.Equal(expected.Count, anchors.Length);
        double worst = 0;
        for (int i = 0; i < anchors.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(anchors[i] - expected[i]));
        }

        Assert.True(worst < 1e-4, $"max anchor deviation {worst:E2}");
    }

    /// <summary>Cells row by row, column by column, then the boxes of a cell: (ymin, xmin, ymax, xmax).</summary>
    private static void AddMap(List<float> anchors, int grid, (double Scale, double Aspect)[] boxes)
    {
        for (int y = 0; y < grid; y++)
        {
            for (int x = 0; x < grid; x++)
            {
                double cy = (y + 0.5) / grid, cx = (x + 0.5) / grid;
                foreach (var (scale, aspect) in boxes)
                {
                    double h = scale / Math.Sqrt(aspect), w = scale * Math.Sqrt(aspect);
                    anchors.AddRange([(float)(cy - (h / 2)), (float)(cx - (w / 2)), (float)(cy + (h / 2)), (float)(cx + (w / 2))]);
                }
            }
        }
    }
}
