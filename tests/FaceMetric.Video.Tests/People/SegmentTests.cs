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
}
