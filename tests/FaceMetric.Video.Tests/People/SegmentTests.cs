using FaceMetric.Detection;
using FaceMetric.Video.People;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Video.Tests.People;

/// <summary>Segments: consecutive sampled frames join, gaps up to the bridge join, longer gaps split.</summary>
public sealed class SegmentTests
{
    [Fact]
    public void GapsShorterThanTheBridgeAreJoinedAndLongerOnesSplit()
    {
        using var frame = new Image<Rgb24>(64, 64);
        using var record = new PersonRecord("person-1", null, sampleCapacity: 2);
        var box = new DetectedFace(8, 8, 20, 20, 0.9f);
        (int Ordinal, double Seconds)[] seen = [(0, 0.0), (1, 0.5), (2, 1.0), (5, 1.9), (9, 4.0), (10, 4.5)];
        foreach ((int ordinal, double seconds) in seen)
        {
            record.Add(new VideoDetection(ordinal, TimeSpan.FromSeconds(seconds), box, "person-1", 0.3f, false, 1f), ordinal, frame);
        }

        List<VideoSegment> segments = record.Segments(TimeSpan.FromSeconds(1));

        Assert.Equal([(0.0, 1.9), (4.0, 4.5)], segments.Select(s => (s.Start.TotalSeconds, s.End.TotalSeconds)));
    }

    [Fact]
    public void BestFaceIsAFrontalFaceEvenWhenAProfileIsLarger()
    {
        using var frame = new Image<Rgb24>(640, 360);
        using var record = new PersonRecord("person-1", null, sampleCapacity: 0, frontalEnough: 0.35f);
        var profile = new VideoDetection(20, TimeSpan.FromSeconds(1.5), new DetectedFace(429, 5, 187, 251, 0.9f), "person-1", 0.5f, false, 0.25f);
        var small = new VideoDetection(15, TimeSpan.FromSeconds(1.3), new DetectedFace(50, 184, 27, 34, 0.9f), "person-1", 0.3f, false, 0.55f);
        var larger = small with { Frame = 10, Box = new DetectedFace(50, 184, 30, 38, 0.9f), Frontality = 0.5f };
        record.Add(small, 0, frame);
        record.Add(profile, 1, frame);
        record.Add(larger, 2, frame);

        Assert.Equal(10, record.Best!.Detection.Frame);
    }
}
