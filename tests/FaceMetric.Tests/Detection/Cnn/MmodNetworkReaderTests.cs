using FaceMetric.Detection;
using FaceMetric.Detection.Cnn;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Detection.Cnn;

/// <summary>
/// Reading dlib's serialised MMOD network: the committed mmod_human_face_detector.dat gives the network of dlib's
/// dnn_mmod_face_detection_ex.cpp with dlib's printed settings (tools/dlib-cnn 'info'); anything else is a
/// <see cref="FaceModelException"/> that says why.
/// </summary>
public sealed class MmodNetworkReaderTests
{
    private static string DatPath => Path.Combine(Fixtures.RepoRoot, "models", "source", "mmod_human_face_detector.dat");

    [Fact]
    public void TheCommittedFileIsDlibsFaceDetectorNetwork()
    {
        MmodNetwork net = MmodNetworkReader.Read(DatPath);

        // dlib's own print of the network (dlib_cnn info): window 80x80, overlaps_nms (0.338276, 1), padding 10 / 11.
        Assert.Equal([new MmodDetectorWindow(80, 80, string.Empty)], net.Windows);
        Assert.Equal(0.338276, net.NmsIouThreshold, 6);
        Assert.Equal(1.0, net.NmsCoveredThreshold);
        Assert.Equal((10, 11), (net.PyramidPadding, net.PyramidOuterPadding));
        Assert.Equal((122.782f, 117.001f, 104.298f), (net.AverageRed, net.AverageGreen, net.AverageBlue));
        Assert.Equal(
            [(16, 3, 5, 2, 0, true), (32, 16, 5, 2, 0, true), (32, 32, 5, 2, 0, true), (45, 32, 5, 1, 2, true), (45, 45, 5, 1, 2, true), (45, 45, 5, 1, 2, true), (1, 45, 9, 1, 4, false)],
            net.Layers.Select(l => (l.Filters, l.Channels, l.KernelRows, l.Stride, l.Padding, l.Relu)).ToArray());
        Assert.All(net.Layers.Take(6), l => Assert.NotNull(l.Gamma));
        Assert.Null(net.Layers[6].Gamma);
        Assert.Equal((8.0, 14.0), MmodMetadata.OutputToInput(net.Layers));
        Assert.Equal(29, MmodMetadata.MinimumInputSize(net.Layers));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(1000)]
    [InlineData(364970)]
    [InlineData(729939)]
    public void ATruncatedFileIsAFaceModelException(int length)
    {
        byte[] bytes = File.ReadAllBytes(DatPath);
        Assert.Equal(729_940, bytes.Length);
        var e = Assert.Throws<FaceModelException>(() => MmodNetworkReader.Read(bytes[..length], "truncated.dat"));
        Assert.Contains("dlib MMOD network", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data/dlib/examples/faces/bald_guys.jpg")]
    [InlineData("reference/dlib/cnn/obama_small_u0.scores.f32")]
    public void AForeignFileIsAFaceModelException(string fixture) =>
        Assert.Throws<FaceModelException>(() => MmodNetworkReader.Read(Fixtures.Path(fixture)));

    [Fact]
    public void TheHogModelAndAShapePredictorAreNotMmodNetworks()
    {
        Assert.Throws<FaceModelException>(() => MmodNetworkReader.Read(Fixtures.Model(HogFaceDetector.DefaultModelFileName)));
        Assert.Throws<FaceModelException>(() => MmodNetworkReader.Read(Fixtures.Path("reference/dlib/shape5/shape_predictor_5_lfw_small.dat")));
    }

    [Fact]
    public void ADlibNetworkWithAnotherLossIsRefusedByName()
    {
        // tools/dlib-cnn 'othernet': dlib's own serialisation of a small loss_metric network.
        var e = Assert.Throws<FaceModelException>(() => MmodNetworkReader.Read(Fixtures.Path("reference/dlib/cnn/loss_metric_net.dat")));
        Assert.Contains("loss_metric", e.Message, StringComparison.Ordinal);
        Assert.Contains("not dlib's MMOD detector", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsAFaceModelException() =>
        Assert.Throws<FaceModelException>(() => MmodNetworkReader.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".dat")));
}
