namespace FaceMetric.Video;

/// <summary>Who appears when in one video. Disposing it releases the face thumbnails.</summary>
public sealed class VideoPeopleResult : IDisposable
{
    internal VideoPeopleResult(string path, VideoInfo info, VideoSampling sampling, long decodedFrames, int sampledFrames, IReadOnlyList<VideoPerson> people, IReadOnlyList<VideoDetection> detections, IReadOnlyList<VideoFrameFailure> failedFrames, VideoRunStatistics statistics)
    {
        Path = path;
        Info = info;
        Sampling = sampling;
        DecodedFrames = decodedFrames;
        SampledFrames = sampledFrames;
        People = people;
        Detections = detections;
        FailedFrames = failedFrames;
        Statistics = statistics;
    }

    /// <summary>The video file.</summary>
    public string Path { get; }

    /// <summary>What ffprobe reported about its video stream.</summary>
    public VideoInfo Info { get; }

    /// <summary>The sampling used.</summary>
    public VideoSampling Sampling { get; }

    /// <summary>Frames decoded (all of the stream's frames).</summary>
    public long DecodedFrames { get; }

    /// <summary>Frames analysed.</summary>
    public int SampledFrames { get; }

    /// <summary>Every person, in order of first appearance.</summary>
    public IReadOnlyList<VideoPerson> People { get; }

    /// <summary>Every face of every sampled frame, in time order (within a frame, left to right).</summary>
    public IReadOnlyList<VideoDetection> Detections { get; }

    /// <summary>
    /// Sampled frames the face analyzer failed on (an <see cref="ArgumentException"/> from <see cref="FaceAnalyzer.Analyze(SixLabors.ImageSharp.Image{SixLabors.ImageSharp.PixelFormats.Rgb24})"/>):
    /// counted as sampled, with no face. Empty in a normal run.
    /// </summary>
    public IReadOnlyList<VideoFrameFailure> FailedFrames { get; }

    /// <summary>Timings and memory figures of the run.</summary>
    public VideoRunStatistics Statistics { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (VideoPerson person in People)
        {
            person.BestFace.Image.Dispose();
            foreach (VideoFace face in person.SampleFaces)
            {
                face.Image.Dispose();
            }
        }
    }
}
