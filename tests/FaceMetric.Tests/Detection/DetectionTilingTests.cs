using FaceMetric.Detection;

namespace FaceMetric.Tests.Detection;

/// <summary>The tiles of the upsampling option, the cut-box rule and the merge across levels.</summary>
public sealed class DetectionTilingTests
{
    [Theory]
    [InlineData(1986, 1545, 1, 9)]
    [InlineData(1920, 1280, 1, 6)]
    [InlineData(910, 1137, 1, 9)]
    [InlineData(1986, 1545, 2, 42)]
    [InlineData(300, 300, 1, 9)]
    [InlineData(3, 1, 2, 3)]
    public void TilesOverlapByHalfATileAndCoverTheImage(int width, int height, int level, int expectedTiles)
    {
        List<SquareWindow> tiles = DetectionTiling.Tiles(width, height, level);

        Assert.Equal(expectedTiles, tiles.Count);
        int side = (int)Math.Ceiling(Math.Max(width, height) / (double)(1 << level));
        Assert.All(tiles, t => Assert.Equal(side, t.Side));
        Assert.All(tiles, t => Assert.True(t.Content.X + t.Content.Width <= width && t.Content.Y + t.Content.Height <= height));

        // Along each axis the starts are at most half a tile apart and the last tile reaches the far edge.
        foreach (int[] starts in new[] { tiles.Select(t => t.Left).Distinct().Order().ToArray(), tiles.Select(t => t.Top).Distinct().Order().ToArray() })
        {
            Assert.Equal(0, starts[0]);
            Assert.All(starts.Zip(starts.Skip(1)), p => Assert.InRange(p.Second - p.First, 1, (side + 1) / 2));
        }

        Assert.Equal(width, tiles.Max(t => t.Content.X + t.Content.Width));
        Assert.Equal(height, tiles.Max(t => t.Content.Y + t.Content.Height));
    }

    [Fact]
    public void ABoxCutByAnInnerTileEdgeIsDroppedButOneAtTheImageEdgeIsKept()
    {
        SquareWindow middle = SquareWindow.Tile(100, 100, 200, 1000, 1000);
        SquareWindow corner = SquareWindow.Tile(0, 0, 200, 1000, 1000);
        var atLeftEdge = new SsdCandidate(0.4f, 0.001f, 0.6f, 0.3f, 0.9f, 0);
        var inside = new SsdCandidate(0.4f, 0.3f, 0.6f, 0.5f, 0.9f, 0);

        Assert.Null(DetectionTiling.FromTile(atLeftEdge, middle, 1000, 1000));
        Assert.NotNull(DetectionTiling.FromTile(atLeftEdge, corner, 1000, 1000));
        DetectedFace f = DetectionTiling.FromTile(inside, middle, 1000, 1000)!.Value;
        Assert.Equal(160f, f.X, 1e-3f);
        Assert.Equal(180f, f.Y, 1e-3f);
        Assert.Equal(40f, f.Width, 1e-3f);
        Assert.Equal(40f, f.Height, 1e-3f);
    }

    [Fact]
    public void AFinerBoxMostlyInsideAKnownFaceIsADuplicate()
    {
        var known = new List<DetectedFace> { new(100, 100, 100, 100, 0.9f) };
        var partOfIt = new DetectedFace(90, 120, 60, 60, 0.95f);     // 5/6 of it inside the known face
        var another = new DetectedFace(400, 100, 40, 40, 0.6f);

        DetectionTiling.MergeInto(known, [another, partOfIt]);

        Assert.Equal([new DetectedFace(100, 100, 100, 100, 0.9f), another], known);
    }
}
