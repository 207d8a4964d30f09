using FaceMetric.Detection;

namespace FaceMetric.Tests.Detection;

/// <summary>face-api's SSD box decoding, sigmoid score, greedy NMS, and the mapping back to the image.</summary>
public sealed class SsdPostProcessingTests
{
    private static readonly float[] TwoAnchors = [0.1f, 0.2f, 0.3f, 0.6f, 0.5f, 0.5f, 0.7f, 0.7f];

    [Fact]
    public void AZeroEncodingDecodesToItsAnchorAndScoreIsTheSigmoidOfTheFaceLogit()
    {
        float[] encodings = new float[8];
        float[] logits = [5f, 2f, -3f, 0f, 0f, 0f];

        List<SsdCandidate> c = SsdPostProcessing.Decode(encodings, logits, TwoAnchors, 0.5f);

        // Anchor 1 has logit 0: sigmoid 0.5 is not strictly above 0.5. Background and unused logits are ignored.
        SsdCandidate only = Assert.Single(c);
        Assert.Equal(0, only.Anchor);
        Assert.Equal(1 / (1 + Math.Exp(-2)), only.Score, 1e-6);
        Assert.Equal(0.1f, only.YMin, 1e-6f);
        Assert.Equal(0.2f, only.XMin, 1e-6f);
        Assert.Equal(0.3f, only.YMax, 1e-6f);
        Assert.Equal(0.6f, only.XMax, 1e-6f);
    }

    [Fact]
    public void EncodingsShiftByATenthAndScaleByAFifthInLogSpace()
    {
        // ty = 10 moves the centre by one anchor height; th = 5 * ln 2 doubles the height.
        float[] encodings = [10f, -10f, 5f * MathF.Log(2f), 0f, 0, 0, 0, 0];
        float[] logits = [0f, 4f, 0f, 0f, -4f, 0f];

        SsdCandidate c = Assert.Single(SsdPostProcessing.Decode(encodings, logits, TwoAnchors, 0.5f));

        // Anchor 0: h = 0.2, w = 0.4, centre (0.2, 0.4) -> centre (0.4, 0.0), h = 0.4, w = 0.4.
        Assert.Equal(0.2f, c.YMin, 1e-6f);
        Assert.Equal(-0.2f, c.XMin, 1e-6f);
        Assert.Equal(0.6f, c.YMax, 1e-6f);
        Assert.Equal(0.2f, c.XMax, 1e-6f);
    }

    [Fact]
    public void NmsDropsBoxesOverlappingAStrongerOneByMoreThanTheThreshold()
    {
        var strong = new SsdCandidate(0f, 0f, 1f, 1f, 0.9f, 7);
        var overlapping = new SsdCandidate(0f, 0f, 1f, 0.8f, 0.8f, 3);   // IoU 0.8
        var touching = new SsdCandidate(0f, 0f, 1f, 2f, 0.7f, 1);        // IoU 0.5: not more than 0.5, kept
        var apart = new SsdCandidate(2f, 2f, 3f, 3f, 0.6f, 2);

        List<SsdCandidate> kept = SsdPostProcessing.NonMaxSuppression([apart, overlapping, strong, touching], 0.5, 100);

        Assert.Equal([strong, touching, apart], kept);
    }

    [Fact]
    public void NmsKeepsEqualScoresInAnchorOrderAndStopsAtMaxResults()
    {
        var a = new SsdCandidate(0f, 0f, 1f, 1f, 0.8f, 5);
        var b = new SsdCandidate(2f, 2f, 3f, 3f, 0.8f, 2);
        var c = new SsdCandidate(4f, 4f, 5f, 5f, 0.8f, 9);

        Assert.Equal([b, a], SsdPostProcessing.NonMaxSuppression([a, b, c], 0.5, 2));
    }

    [Fact]
    public void BoxesAreClippedToThePaddedSquareAndMappedBackWithFaceApisRounding()
    {
        // 1000 x 600: s = 0.512, the content is round(1000 s) = 512 by round(600 s) = 307 of the 512 square.
        var c = new SsdCandidate(-0.1f, 0.25f, 0.5f, 1.2f, 0.9f, 0);

        DetectedFace f = SsdFaceDetector.ToImage(c, 1000, 600);

        Assert.Equal(250f, f.X, 1e-3f);
        Assert.Equal(0f, f.Y);
        Assert.Equal(750f, f.Width, 1e-3f);
        Assert.Equal(0.5 * 512 / 307 * 600, f.Height, 1e-3);
        Assert.Equal(0.9f, f.Score);
    }
}
