using FaceMetric.Alignment;
using FaceMetric.Detection;
using FaceMetric.Imaging;
using FaceMetric.Onnx;
using FaceMetric.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Analysis;

/// <summary>
/// A face whose landmarks do not span it: frame 236 of face_recognition's Hamilton clip, where SSD upsampled once finds
/// a dark, blurred face at the back left (box 55, 56, 60 x 66, score 0.93) and face-api's 68-point net scrambles its
/// points into a 25 x 13 px blob. The similarity fit to dlib's mean face then gives a chip rectangle 0.3 px wide, which
/// used to fail the whole call with "Chip rectangle ... is empty". The face is now left out, with a logged reason.
/// </summary>
public sealed class DegenerateLandmarksTests : IDisposable
{
    private readonly ListLoggerFactory _log = new();
    private readonly FaceAnalyzer _analyzer;

    public DegenerateLandmarksTests()
    {
        // The front end is named, not the library default: the bug is SSD's box plus face-api's landmarks.
        _analyzer = new FaceAnalyzer(
            new FaceAnalyzerOptions
            {
                Models = new ModelOptions { Directory = System.IO.Path.Combine(Fixtures.RepoRoot, "models") },
                Detector = FaceDetectorKind.Ssd,
                Landmarks = LandmarkModelKind.FaceApi68,
                Ssd = new SsdDetectorOptions { Upsample = 1 },
            },
            _log);
    }

    public void Dispose() => _analyzer.Dispose();

    [Fact]
    public void TheScrambledFaceIsSkippedWithItsReasonAndTheOtherFacesAreAnalysed()
    {
        using Image<Rgb24> frame = FaceImage.Load(Fixtures.Path(TestFiles.Data.HamiltonFrame236));
        IReadOnlyList<DetectedFace> boxes = _analyzer.Detector.Detect(frame);
        Assert.Equal(3, boxes.Count);
        DetectedFace scrambled = Assert.Single(boxes, b => b.X < 140);

        IReadOnlyList<AnalyzedFace> faces = _analyzer.Analyze(frame);

        Assert.Equal(2, faces.Count);
        Assert.DoesNotContain(faces, f => f.Detection == scrambled);
        Assert.All(faces, f => Assert.True(f.Chip.Width > 0.5 * Math.Min(f.Detection.Width, f.Detection.Height), f.Chip.ToString()));
        string warning = Assert.Single(_log.Lines);
        Assert.Contains("do not span the face", warning);
        Assert.Contains("image 0", warning);
    }

    [Fact]
    public void ABatchWithTheFrameKeepsGoing()
    {
        using Image<Rgb24> frame = FaceImage.Load(Fixtures.Path(TestFiles.Data.HamiltonFrame236));
        using Image<Rgb24> obama = FaceImage.Load(Fixtures.Path(TestFiles.Data.Obama));

        var batch = _analyzer.Analyze([obama, frame, obama]);

        Assert.Equal([1, 2, 1], batch.Select(f => f.Count));
        Assert.Equal(batch[0][0].Descriptor.ToArray(), batch[2][0].Descriptor.ToArray());
        Assert.Contains("image 1", Assert.Single(_log.Lines));
    }

    [Fact]
    public void TheChipOfTheScrambledLandmarksIsRefusedByNameNotAsAnEmptyRectangle()
    {
        using Image<Rgb24> frame = FaceImage.Load(Fixtures.Path(TestFiles.Data.HamiltonFrame236));
        DetectedFace scrambled = Assert.Single(_analyzer.Detector.Detect(frame), b => b.X < 140);
        var shape = Assert.Single(_analyzer.Landmarks.Detect(frame, [scrambled]));

        var e = Assert.Throws<ArgumentException>(() => _analyzer.Aligner.GetChipDetails(shape));
        Assert.Contains("do not span a face", e.Message);
        Assert.Null(FaceChipDetails.TryForFace(shape, 150, 0.25, out double width));
        Assert.InRange(width, 0, 1);
        Assert.NotNull(LandmarkSpan.Check(_analyzer.Aligner, scrambled, shape, out FaceChipDetails? chip, out _));
        Assert.Null(chip);
    }

    [Fact]
    public void LandmarksThatSpanTooLittleOfTheirBoxAreRefusedEvenWhenTheChipIsNotEmpty()
    {
        // A real face's landmarks shrunk about their centre to a twentieth: the chip is a few pixels wide, not empty,
        // and still describes no face.
        using Image<Rgb24> obama = FaceImage.Load(Fixtures.Path(TestFiles.Data.Obama));
        AnalyzedFace face = Assert.Single(_analyzer.Analyze(obama));
        var points = face.Landmarks.Points.ToArray();
        float cx = points.Average(p => p.X), cy = points.Average(p => p.Y);
        var shrunk = new FaceMetric.Landmarks.FaceLandmarks(points.Select(p => new System.Numerics.Vector2(cx + ((p.X - cx) / 20), cy + ((p.Y - cy) / 20))).ToArray());

        Assert.Null(LandmarkSpan.Check(_analyzer.Aligner, face.Detection, face.Landmarks, out FaceChipDetails? real, out _));
        Assert.NotNull(real);
        Assert.NotNull(LandmarkSpan.Check(_analyzer.Aligner, face.Detection, shrunk, out _, out double width));
        Assert.True(width >= 1, $"width {width}");
    }

    private sealed class ListLoggerFactory : ILoggerFactory, ILogger
    {
        public List<string> Lines { get; } = [];

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (Lines)
                {
                    Lines.Add(formatter(state, exception));
                }
            }
        }
    }
}
