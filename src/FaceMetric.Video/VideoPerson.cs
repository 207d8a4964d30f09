namespace FaceMetric.Video;

/// <summary>One person seen in a video: known (named) or anonymous, when they are on screen and their best face.</summary>
public sealed class VideoPerson
{
    internal VideoPerson(string id, string? name, int faceCount, IReadOnlyList<VideoSegment> segments, VideoFace bestFace, IReadOnlyList<VideoFace> samples)
    {
        Id = id;
        Name = name;
        FaceCount = faceCount;
        Segments = segments;
        BestFace = bestFace;
        SampleFaces = samples;
    }

    /// <summary>A stable id within this result: <c>person-1</c>, <c>person-2</c>, ... in order of first appearance.</summary>
    public string Id { get; }

    /// <summary>The known person's name, or null for an anonymous person.</summary>
    public string? Name { get; }

    /// <summary>True when the person is one of the known people.</summary>
    public bool IsKnown => Name is not null;

    /// <summary>Faces assigned to the person (one per sampled frame at most).</summary>
    public int FaceCount { get; }

    /// <summary>When the person is on screen, in time order, not overlapping.</summary>
    public IReadOnlyList<VideoSegment> Segments { get; }

    /// <summary>
    /// The largest, most frontal face: among the faces at least <see cref="VideoPeopleOptions.MinRememberedFrontality"/>
    /// frontal (all faces when none is), the one with the largest box area times frontality.
    /// </summary>
    public VideoFace BestFace { get; }

    /// <summary>Up to <see cref="VideoPeopleOptions.SampleFaces"/> faces spread over the person's appearances, in time order.</summary>
    public IReadOnlyList<VideoFace> SampleFaces { get; }
}
