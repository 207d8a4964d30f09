using System.Globalization;
using FaceMetric.Cli.Reports;
using FaceMetric.Detection;
using FaceMetric.Identification;
using FaceMetric.Video;

namespace FaceMetric.Cli.Commands;

/// <summary>
/// <c>video VIDEO [--known DIR|--gallery FILE] [--every N | --fps F] [--json] [--report DIR]</c>: who appears when in a
/// video (FaceMetric.Video: frames through ffmpeg, faces assigned by k-NN over the faces already seen).
/// </summary>
internal static class VideoCommand
{
    public const string Usage = "video VIDEO [--known DIR|--gallery FILE] [--every N | --fps F] [--bridge 1.0] [--threshold 0.6] [--json] [--report DIR] [--upsample N] [--detector hog-cnn|hog|cnn|ssd] [--landmarks face-api-corrected|face-api|dlib] [--front-end dlib-compatible|face-api|dlib] [--mirror] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr)
    {
        var args = ParsedArguments.Parse(rawArgs, [.. CliModels.AnalyzerOptions, "known", "gallery", "every", "fps", "bridge", "threshold", "report"], ["mirror"]);
        if (args.Positional.Count != 1)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        string video = args.Positional[0];
        VideoPeopleOptions options = Options(args);
        string? knownDir = args.Value("known");
        string? galleryFile = args.Value("gallery");
        if (knownDir is not null && galleryFile is not null)
        {
            throw CliException.BadArguments("give --known DIR or --gallery FILE, not both");
        }

        if (!File.Exists(video))
        {
            throw CliException.BadInput($"{video}: no such file");
        }

        string? reportDir = args.Value("report");
        var report = reportDir is null ? null : new ReportFolder(reportDir);
        FaceAnalyzerOptions frameOptions = AnalyzerOptions(args);
        using FaceAnalyzer analyzer = new(frameOptions);
        KnownPeople? known;
        if (knownDir is not null && frameOptions.Detector == FaceDetectorKind.Cnn && frameOptions.Cnn.Upsample > VideoFrontEnd.PhotoCnnUpsample)
        {
            // Known photos are large: the CNN upsampled as for frames would exceed its pixel budget on them.
            using FaceAnalyzer photos = new(frameOptions with { Cnn = frameOptions.Cnn with { Upsample = VideoFrontEnd.PhotoCnnUpsample } });
            known = Known(knownDir, galleryFile, photos, stderr);
        }
        else
        {
            known = Known(knownDir, galleryFile, analyzer, stderr);
        }

        using VideoPeopleResult result = Analyze(new VideoPeopleAnalyzer(analyzer, options), video, known, stderr);
        foreach (VideoFrameFailure failure in result.FailedFrames)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"facemetric: warning: frame {failure.Frame} ({failure.Time.TotalSeconds:0.000} s) skipped: {failure.Message}"));
        }
        string? page = report is null ? null : VideoReport.Write(report, result);
        if (args.Json)
        {
            WriteJson(stdout, result, page);
        }
        else
        {
            WriteText(stdout, result, page);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The video front end (<see cref="VideoFrontEnd"/>: CNN upsampled twice, face-api landmarks, mirror averaging) unless
    /// --front-end, --detector, --landmarks or --shape-predictor names another (then as every command, --mirror opting in
    /// to mirror averaging); --upsample applies to the detector in force.
    /// </summary>
    private static FaceAnalyzerOptions AnalyzerOptions(ParsedArguments args)
    {
        if (args.Value("front-end") is not null || args.Value("detector") is not null || args.Value("landmarks") is not null || args.Value("shape-predictor") is not null)
        {
            return CliModels.Options(args, new Embedding.FaceEmbedderOptions { AverageWithMirror = args.Flag("mirror") ? true : null });
        }

        FaceAnalyzerOptions options = VideoFrontEnd.Options(new Onnx.ModelOptions { Directory = CliModels.Directory(args) });
        return options with { Cnn = options.Cnn with { Upsample = args.Int("upsample", options.Cnn.Upsample, 0, Detection.CnnDetectorOptions.MaxUpsample) } };
    }

    private static VideoPeopleOptions Options(ParsedArguments args)
    {
        bool every = args.Value("every") is not null;
        bool fps = args.Value("fps") is not null;
        if (every && fps)
        {
            throw CliException.BadArguments("give --every N or --fps F, not both");
        }

        VideoSampling sampling = fps
            ? VideoSampling.Every(TimeSpan.FromSeconds(1.0 / args.Double("fps", 1, 1e-3, 1000)))
            : VideoSampling.EveryNthFrame(args.Int("every", 1, 1, 1_000_000));
        return new VideoPeopleOptions
        {
            Sampling = sampling,
            Threshold = (float)args.Double("threshold", Matching.FaceMatcher.DefaultThreshold, 0.2, 0.69),
            BridgeGap = TimeSpan.FromSeconds(args.Double("bridge", 1.0, 0, 3600)),
        };
    }

    private static KnownPeople? Known(string? knownDir, string? galleryFile, FaceAnalyzer analyzer, TextWriter stderr)
    {
        if (galleryFile is not null)
        {
            if (!File.Exists(galleryFile))
            {
                throw CliException.BadInput($"{galleryFile}: no such file");
            }

            using FaceGallery gallery = FaceGallery.Load(galleryFile);
            return KnownPeople.FromGallery(gallery);
        }

        if (knownDir is null)
        {
            return null;
        }

        if (!Directory.Exists(knownDir))
        {
            throw CliException.BadInput($"{knownDir}: no such folder");
        }

        try
        {
            KnownPeople known = KnownPeople.FromFolder(knownDir, analyzer);
            foreach (string skipped in known.Skipped)
            {
                stderr.WriteLine($"facemetric: warning: {skipped}: no face found, not enrolled");
            }

            return known;
        }
        catch (ArgumentException e)
        {
            throw CliException.BadInput(e.Message);
        }
    }

    private static VideoPeopleResult Analyze(VideoPeopleAnalyzer analyzer, string video, KnownPeople? known, TextWriter stderr)
    {
        using var bar = new ProgressBar(stderr, "video", 1.0);
        var progress = new SynchronousProgress(p => bar.Report(p.Duration > TimeSpan.Zero ? Math.Min(1.0, p.Time / p.Duration) : 0));
        return analyzer.AnalyzeAsync(video, known, progress).GetAwaiter().GetResult();
    }

    private static void WriteJson(TextWriter stdout, VideoPeopleResult result, string? page) => JsonOutput.Write(stdout, w =>
    {
        w.WriteString("video", result.Path);
        w.WriteNumber("fps", Math.Round(result.Info.FrameRate, 4));
        w.WriteNumber("frames", result.DecodedFrames);
        w.WriteNumber("sampled", result.SampledFrames);
        w.WriteStartArray("people");
        foreach (VideoPerson person in result.People)
        {
            w.WriteStartObject();
            w.WriteString("id", person.Id);
            if (person.Name is null)
            {
                w.WriteNull("name");
            }
            else
            {
                w.WriteString("name", person.Name);
            }

            w.WriteBoolean("known", person.IsKnown);
            w.WriteNumber("faces", person.FaceCount);
            w.WriteStartArray("segments");
            foreach (VideoSegment segment in person.Segments)
            {
                w.WriteStartObject();
                w.WriteNumber("start", Math.Round(segment.Start.TotalSeconds, 6));
                w.WriteNumber("end", Math.Round(segment.End.TotalSeconds, 6));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("detections");
        foreach (VideoDetection detection in result.Detections)
        {
            w.WriteStartObject();
            w.WriteNumber("frame", detection.Frame);
            w.WriteNumber("time", Math.Round(detection.Time.TotalSeconds, 6));
            JsonOutput.Box(w, detection.Box);
            w.WriteString("person", detection.PersonId);
            if (float.IsFinite(detection.Distance))
            {
                w.WriteNumber("distance", Math.Round(detection.Distance, 4));
            }
            else
            {
                w.WriteNull("distance");
            }

            w.WriteBoolean("continuity", detection.ByContinuity);
            w.WriteNumber("frontality", Math.Round(detection.Frontality, 3));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (page is not null)
        {
            w.WriteString("report", page);
        }
    });

    private static void WriteText(TextWriter stdout, VideoPeopleResult result, string? page)
    {
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Path}: {result.DecodedFrames} frames at {result.Info.FrameRate:0.##} fps, {result.SampledFrames} sampled ({result.Sampling}), {result.Detections.Count} faces, {result.People.Count} people"));
        foreach (VideoPerson person in result.People)
        {
            string segments = string.Join(", ", person.Segments.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Start.TotalSeconds:0.00}-{s.End.TotalSeconds:0.00}s")));
            stdout.WriteLine($"{person.Id}\t{person.Name ?? "(anonymous)"}\t{person.FaceCount} faces\t{segments}");
        }

        VideoRunStatistics t = result.Statistics;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time: {t.Elapsed.TotalSeconds:0.00} s ({result.SampledFrames / t.Elapsed.TotalSeconds:0.00} sampled frames/s); analysis {t.Analysis.TotalSeconds:0.00} s, waiting for decoded frames {t.WaitingForFrames.TotalSeconds:0.00} s; {t.FrameBuffers} frame buffers of {t.FrameBytes} bytes; {t.RememberedFaces} faces remembered; {t.ShotCuts} shot cuts"));
        if (page is not null)
        {
            stdout.WriteLine("report: " + page);
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<VideoProgress> report) : IProgress<VideoProgress>
    {
        public void Report(VideoProgress value) => report(value);
    }
}
