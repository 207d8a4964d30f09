using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Video.People;

/// <summary>
/// What is gathered about one person during a run: detections, the best face so far and spread-out samples.
/// Samples are kept by stride doubling: every s-th face is kept (s = 1 at first); when the list is full every
/// other sample is dropped and s doubles, so the samples stay evenly spread over the person's faces with at most
/// <c>capacity</c> thumbnails held at any time.
/// </summary>
internal sealed class PersonRecord : IDisposable
{
    private readonly int _sampleCapacity;
    private readonly float _frontalEnough;
    private readonly List<VideoFace> _samples = [];
    private int _stride = 1;
    private double _bestScore = double.NegativeInfinity;

    /// <param name="id">The person's id.</param>
    /// <param name="name">The known name, or null.</param>
    /// <param name="sampleCapacity">Sample thumbnails kept at most.</param>
    /// <param name="frontalEnough">Faces at least this frontal always beat less frontal ones for best face.</param>
    public PersonRecord(string id, string? name, int sampleCapacity, float frontalEnough = 0)
    {
        _frontalEnough = frontalEnough;
        Id = id;
        Name = name;
        _sampleCapacity = sampleCapacity;
    }

    public string Id { get; }

    public string? Name { get; }

    public List<VideoDetection> Detections { get; } = [];

    public List<int> SampleOrdinals { get; } = [];

    public VideoFace? Best { get; private set; }

    /// <summary>Adds a detection (of sampled frame <paramref name="ordinal"/>), cutting thumbnails from the frame when needed.</summary>
    public void Add(VideoDetection detection, int ordinal, Image<Rgb24> frame)
    {
        int index = Detections.Count;
        Detections.Add(detection);
        SampleOrdinals.Add(ordinal);
        // Frontal-enough faces first (a large profile is a poor best face), then box area x frontality.
        double score = ((double)detection.Box.Width * detection.Box.Height * detection.Frontality) + (detection.Frontality >= _frontalEnough ? 1e12 : 0);
        if (score > _bestScore)
        {
            _bestScore = score;
            Best?.Image.Dispose();
            Best = new VideoFace(detection, FaceThumbnail.Cut(frame, detection.Box));
        }

        if (_sampleCapacity == 0 || index % _stride != 0)
        {
            return;
        }

        if (_samples.Count == _sampleCapacity)
        {
            for (int i = _samples.Count - 1; i >= 0; i--)
            {
                if (i % 2 == 1)
                {
                    _samples[i].Image.Dispose();
                    _samples.RemoveAt(i);
                }
            }

            _stride *= 2;
            if (index % _stride != 0)
            {
                return;
            }
        }

        _samples.Add(new VideoFace(detection, FaceThumbnail.Cut(frame, detection.Box)));
    }

    /// <summary>The segments: consecutive sampled frames, or gaps up to <paramref name="bridge"/>, are joined.</summary>
    public List<VideoSegment> Segments(TimeSpan bridge)
    {
        var segments = new List<VideoSegment>();
        for (int i = 0; i < Detections.Count; i++)
        {
            TimeSpan t = Detections[i].Time;
            bool joins = i > 0 && (SampleOrdinals[i] == SampleOrdinals[i - 1] + 1 || t - segments[^1].End <= bridge);
            if (joins)
            {
                segments[^1] = segments[^1] with { End = t };
            }
            else
            {
                segments.Add(new VideoSegment(t, t));
            }
        }

        return segments;
    }

    /// <summary>Hands the thumbnails over to a <see cref="VideoPerson"/> (this record no longer owns them).</summary>
    public VideoPerson ToPerson(TimeSpan bridge)
    {
        VideoPerson person = new(Id, Name, Detections.Count, Segments(bridge), Best!, _samples.ToArray());
        _samples.Clear();
        Best = null;
        return person;
    }

    public void Dispose()
    {
        Best?.Image.Dispose();
        foreach (VideoFace face in _samples)
        {
            face.Image.Dispose();
        }
    }
}
