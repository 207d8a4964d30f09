using System.Numerics;
using FaceMetric.Landmarks;

namespace FaceMetric.Tests.Landmarks;

public sealed class FaceLandmarksTests
{
    [Fact]
    public void PointsAreCopiedAndReadOnly()
    {
        var points = Enumerable.Range(0, 68).Select(i => new Vector2(i, -i)).ToArray();
        var landmarks = new FaceLandmarks(points);
        points[0] = new Vector2(999, 999);

        Assert.Equal(new Vector2(0, 0), landmarks.Points[0]);
        Assert.Equal(new Vector2(67, -67), landmarks.Points[67]);
        landmarks.ToArray()[1] = new Vector2(999, 999);
        Assert.Equal(new Vector2(1, -1), landmarks[1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(67)]
    [InlineData(69)]
    public void OnlySixtyEightOrFivePointsAreAccepted(int count)
    {
        Assert.Throws<ArgumentException>(() => new FaceLandmarks(new Vector2[count]));
    }

    [Fact]
    public void NonFinitePointsAreRejected()
    {
        var points = new Vector2[68];
        points[30] = new Vector2(float.NaN, 1);
        Assert.Throws<ArgumentException>(() => new FaceLandmarks(points));
    }
}
