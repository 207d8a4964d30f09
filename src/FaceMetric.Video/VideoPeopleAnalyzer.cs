using System.Diagnostics;
using System.Globalization;
using FaceMetric.Video.Decoding;
using FaceMetric.Video.People;
using FFMpegCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Video;

/// <summary>
/// Who appears when in a video: every sampled frame's faces are found and described by a <see cref="FaceAnalyzer"/>,
/// and each face is assigned to a known person or to an anonymous one by k-nearest-neighbour vote over the faces
/// already assigned (never a mean descriptor per person), helped by box continuity between consecutive sampled frames.
/// </summary>
/// <remarks>
/// <para><b>Requires</b> FFmpeg 5.1 or newer (<c>ffmpeg</c> and <c>ffprobe</c> on <c>PATH</c>, or in
/// <see cref="VideoPeopleOptions.FfmpegFolder"/>); FFMpegCore runs it. Frames are decoded to RGB and piped, never
/// written to disk; their times are the container's presentation timestamps.</para>
/// <para><b>Decision.</b> Known people's faces are remembered first. Each new face goes to the person chosen by the
/// distance-weighted k-NN vote of the core (<see cref="Identification.FaceGallery"/>'s vote: neighbours under the
/// threshold vote with weight <c>exp(-(6 d / threshold)^2)</c>), or opens a new anonymous person when no remembered
/// face is under the threshold. A face whose box overlaps (IoU at least <see cref="VideoPeopleOptions.ContinuityOverlap"/>)
/// person P's box in the previous sampled frame may join P at the looser <see cref="VideoPeopleOptions.ContinuityThreshold"/> (measured to P's remembered faces or to P's face in that previous frame),
/// unless the vote's own choice is nearer by more than <see cref="VideoPeopleOptions.ContinuityMargin"/>.
/// <b>Conflict rule:</b> two faces of one frame are never the same person; the frame's faces are decided together,
/// the nearest match is fixed first, and a face that loses its person is decided again without it (next choice, or a
/// new person). Profiles (frontality under <see cref="VideoPeopleOptions.MinRememberedFrontality"/>) are assigned but
/// never remembered. Assignments are final (online): a later face never moves an earlier one.</para>
/// <para><b>Memory.</b> Decoding and analysis run concurrently, joined by a bounded queue of
/// <see cref="VideoPeopleOptions.QueueCapacity"/> frames; frame buffers come from a pool of capacity + 2, so at
/// most that many frames exist (640x360: 691 KB each). The person memory skips faces within
/// <see cref="VideoPeopleOptions.DuplicateDistance"/> of one already remembered for the same person; per person at
/// most <see cref="VideoPeopleOptions.SampleFaces"/> + 1 thumbnails are held.</para>
/// <para><b>Thread-safety.</b> An instance holds no per-run state: concurrent <see cref="AnalyzeAsync"/> calls are
/// safe when the <see cref="FaceAnalyzer"/> is (it is). The analyzer is not owned: dispose it yourself.</para>
/// </remarks>
public sealed class VideoPeopleAnalyzer
{
    private readonly FaceAnalyzer _analyzer;
    private readonly VideoPeopleOptions _options;

    /// <summary>Creates the analyzer.</summary>
    /// <param name="analyzer">Finds, aligns and describes faces (shared, not owned).</param>
    /// <param name="options">Sampling and decision settings; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="analyzer"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public VideoPeopleAnalyzer(FaceAnalyzer analyzer, VideoPeopleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        _analyzer = analyzer;
        _options = options ?? new VideoPeopleOptions();
        _options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public VideoPeopleOptions Options => _options;

    /// <summary>Reads a video file and tells who appears when.</summary>
    /// <param name="path">The video file.</param>
    /// <param name="known">People to name faces after; null: everyone is anonymous.</param>
    /// <param name="progress">Told after each sampled frame; may be null.</param>
    /// <param name="cancellationToken">Stops ffmpeg and the analysis.</param>
    /// <returns>The people, their segments and every detection; dispose it to release the thumbnails.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="FfmpegNotFoundException"><c>ffmpeg</c> or <c>ffprobe</c> is missing.</exception>
    /// <exception cref="EmptyVideoException">The file is empty or its video stream has no frame.</exception>
    /// <exception cref="NotAVideoException">The file is not a video.</exception>
    /// <exception cref="VideoUnreadableException">The video is damaged or truncated.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<VideoPeopleResult> AnalyzeAsync(string path, KnownPeople? known = null, IProgress<VideoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        long started = Stopwatch.GetTimestamp();
        FFOptions ff = FfmpegLocator.Options(_options.FfmpegFolder);
        VideoInfo info = await VideoProbe.ProbeAsync(path, ff, cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var source = new FfmpegFrameSource(path, info, _options.Sampling, ff, _options.QueueCapacity, stop.Token);
        Task decoding = Task.Run(() => source.RunAsync(stop.Token), CancellationToken.None);

        var run = new Run(this, known);
        TimeSpan waiting = TimeSpan.Zero;
        TimeSpan analysis = TimeSpan.Zero;
        try
        {
            while (true)
            {
                long waitStart = Stopwatch.GetTimestamp();
                if (!await source.Frames.WaitToReadAsync(stop.Token).ConfigureAwait(false))
                {
                    break;
                }

                waiting += Stopwatch.GetElapsedTime(waitStart);
                while (source.Frames.TryRead(out VideoFrame? frame))
                {
                    long analysisStart = Stopwatch.GetTimestamp();
                    try
                    {
                        using Image<Rgb24> image = Image.WrapMemory<Rgb24>(frame.Pixels.AsMemory(0, source.FrameBytes), info.Width, info.Height);
                        run.AddFrame(frame, image);
                    }
                    finally
                    {
                        source.Pool.Return(frame.Pixels);
                    }

                    analysis += Stopwatch.GetElapsedTime(analysisStart);
                    progress?.Report(new VideoProgress(run.SampledFrames, frame.Time, info.Duration, run.PeopleCount));
                    stop.Token.ThrowIfCancellationRequested();
                }
            }

            await decoding.ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await decoding.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The first failure is the one reported.
            }

            run.Dispose();
            throw;
        }

        var statistics = new VideoRunStatistics(Stopwatch.GetElapsedTime(started), analysis, waiting, source.Pool.Created, source.FrameBytes, run.RememberedFaces, run.ShotCuts);
        return run.Finish(path, info, source.DecodedFrames, statistics);
    }

    /// <summary>The state of one <see cref="AnalyzeAsync"/> call.</summary>
    private sealed class Run : IDisposable
    {
        private readonly VideoPeopleAnalyzer _owner;
        private readonly IPersonMemory _memory;
        private readonly FrameAssigner _assigner;
        private readonly List<PersonRecord?> _records = [];
        private readonly string?[] _knownNames;
        private readonly List<VideoDetection> _detections = [];
        private readonly List<VideoFrameFailure> _failedFrames = [];
        private List<(Detection.DetectedFace Box, int Person, float[] Descriptor)> _previous = [];
        private float[]? _previousHistogram;
        private int _nextId = 1;

        public Run(VideoPeopleAnalyzer owner, KnownPeople? known)
        {
            _owner = owner;
            VideoPeopleOptions o = owner._options;
            _memory = o.AverageDescriptors ? new MeanMemory(o.Threshold) : new NeighborMemory(o.Threshold, o.Neighbors, o.DuplicateDistance);
            _assigner = new FrameAssigner(_memory, o);
            var names = new List<string?>();
            if (known is not null)
            {
                var persons = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach ((string name, float[] descriptor) in known.Faces)
                {
                    if (!persons.TryGetValue(name, out int person))
                    {
                        person = _memory.NewPerson();
                        persons.Add(name, person);
                        names.Add(name);
                        _records.Add(null);
                    }

                    _memory.Add(descriptor, person);
                }
            }

            _knownNames = [.. names];
        }

        public int SampledFrames { get; private set; }

        /// <summary>Shot cuts seen between consecutive sampled frames.</summary>
        public int ShotCuts { get; private set; }

        public int PeopleCount => _records.Count(r => r is not null);

        public int RememberedFaces => _memory is NeighborMemory n ? n.StoredFaces : _memory.PersonCount;

        public void AddFrame(VideoFrame frame, Image<Rgb24> image)
        {
            int ordinal = SampledFrames++;
            IReadOnlyList<AnalyzedFace> faces;
            try
            {
                faces = _owner._analyzer.Analyze(image);
            }
            catch (ArgumentException e)
            {
                // The core leaves out a face whose landmarks do not span it (it logs why); should any other face make
                // it refuse a frame, one bad frame must still not end a long video. The frame counts as sampled, with no
                // face, and is reported.
                _failedFrames.Add(new VideoFrameFailure(frame.Index, frame.Time, e.Message));
                _previous = [];
                return;
            }

            // Box continuity holds within a shot only: a cut can put another face where the last one was.
            float[] histogram = ShotCut.Histogram(image);
            if (_previousHistogram is not null && ShotCut.Difference(histogram, _previousHistogram) > _owner._options.ShotCutDifference)
            {
                _previous = [];
                ShotCuts++;
            }

            _previousHistogram = histogram;
            var ordered = faces.OrderBy(f => f.Detection.X).ToArray();
            var input = ordered.Select(f => (f.Detection, f.Descriptor.ToArray(), Frontality.Of(f.Landmarks))).ToArray();
            FrameAssigner.Assignment[] assigned = _assigner.Assign(input, _previous);
            var current = new List<(Detection.DetectedFace, int, float[])>(assigned.Length);
            for (int i = 0; i < assigned.Length; i++)
            {
                int person = assigned[i].Person;
                while (_records.Count <= person)
                {
                    _records.Add(null);
                }

                PersonRecord record = _records[person] ??= new PersonRecord(
                    string.Create(CultureInfo.InvariantCulture, $"person-{_nextId++}"), person < _knownNames.Length ? _knownNames[person] : null, _owner._options.SampleFaces, _owner._options.MinRememberedFrontality);
                var detection = new VideoDetection(frame.Index, frame.Time, ordered[i].Detection, record.Id, assigned[i].IsNew ? float.PositiveInfinity : assigned[i].Distance, assigned[i].ByContinuity, input[i].Item3);
                record.Add(detection, ordinal, image);
                _detections.Add(detection);
                current.Add((ordered[i].Detection, person, input[i].Item2));
            }

            _previous = current;
        }

        public VideoPeopleResult Finish(string path, VideoInfo info, long decodedFrames, VideoRunStatistics statistics)
        {
            var people = _records.OfType<PersonRecord>()
                .OrderBy(r => r.Detections[0].Time).ThenBy(r => r.Detections[0].Box.X)
                .Select(r => r.ToPerson(_owner._options.BridgeGap)).ToArray();
            return new VideoPeopleResult(path, info, _owner._options.Sampling, decodedFrames, SampledFrames, people, _detections.ToArray(), _failedFrames.ToArray(), statistics);
        }

        public void Dispose()
        {
            foreach (PersonRecord? record in _records)
            {
                record?.Dispose();
            }
        }
    }
}
