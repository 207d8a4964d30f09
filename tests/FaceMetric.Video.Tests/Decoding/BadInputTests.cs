using FaceMetric.Video.Tests.TestSupport;

namespace FaceMetric.Video.Tests.Decoding;

/// <summary>Each kind of bad input raises its own typed exception (issue 17, part 1). Needs ffmpeg: tools/ensure-ffmpeg.sh.</summary>
[Collection(AnalyzerCollection.Name)]
public sealed class BadInputTests(SharedAnalyzers analyzers)
{
    private Task<VideoPeopleResult> Analyze(string path, VideoPeopleOptions? options = null) =>
        new VideoPeopleAnalyzer(analyzers.Default, options ?? new VideoPeopleOptions { Sampling = VideoSampling.EveryNthFrame(50) }).AnalyzeAsync(path);

    [Fact]
    public async Task MissingFfmpegIsFfmpegNotFound()
    {
        using var empty = new TempFolder();
        var e = await Assert.ThrowsAsync<FfmpegNotFoundException>(() => Analyze(VideoFixtures.HamiltonClip, new VideoPeopleOptions { FfmpegFolder = empty.Path }));
        Assert.Equal("ffprobe", e.Program);
        Assert.Contains("apt-get install ffmpeg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyFileIsEmptyVideo()
    {
        using var folder = new TempFolder();
        string path = folder.File("empty.mp4");
        File.WriteAllBytes(path, []);
        var e = await Assert.ThrowsAsync<EmptyVideoException>(() => Analyze(path));
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public async Task ContainerWithoutFramesIsEmptyVideo()
    {
        using var folder = new TempFolder();
        string path = folder.File("zero.mp4");
        VideoFixtures.Ffmpeg($"-f lavfi -i color=c=black:s=64x64:d=1 -frames:v 0 \"{path}\"");
        await Assert.ThrowsAsync<EmptyVideoException>(() => Analyze(path));
    }

    [Fact]
    public async Task Mp4CutBeforeItsIndexIsUnreadable()
    {
        // The clip keeps its index (moov) at the end: the first half has frames but no index.
        using var folder = new TempFolder();
        string path = folder.File("half.mp4");
        byte[] clip = File.ReadAllBytes(VideoFixtures.HamiltonClip);
        File.WriteAllBytes(path, clip[..(clip.Length / 2)]);
        var e = await Assert.ThrowsAsync<VideoUnreadableException>(() => Analyze(path));
        Assert.Contains("half.mp4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mp4TruncatedAfterItsIndexIsUnreadable()
    {
        // Index moved to the front (faststart), then the file cut at 60%: ffprobe reads the header, decoding runs dry.
        using var folder = new TempFolder();
        string whole = folder.File("faststart.mp4");
        VideoFixtures.Ffmpeg($"-i \"{VideoFixtures.HamiltonClip}\" -c copy -movflags +faststart \"{whole}\"");
        string path = folder.File("truncated.mp4");
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 6 / 10)]);
        var e = await Assert.ThrowsAsync<VideoUnreadableException>(() => Analyze(path));
        Assert.Contains("truncated", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextFileIsNotAVideo()
    {
        using var folder = new TempFolder();
        string path = folder.File("notes.mp4");
        File.WriteAllText(path, "These are not the frames you are looking for.\n");
        await Assert.ThrowsAsync<NotAVideoException>(() => Analyze(path));
    }

    [Fact]
    public async Task PhotoIsNotAVideo()
    {
        await Assert.ThrowsAsync<NotAVideoException>(() => Analyze(Path.Combine(VideoFixtures.Examples, "obama.jpg")));
    }

    [Fact]
    public async Task AudioOnlyIsNotAVideo()
    {
        using var folder = new TempFolder();
        string path = folder.File("tone.wav");
        VideoFixtures.Ffmpeg($"-f lavfi -i sine=d=1 \"{path}\"");
        var e = await Assert.ThrowsAsync<NotAVideoException>(() => Analyze(path));
        Assert.Contains("no video stream", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFileIsFileNotFound()
    {
        using var folder = new TempFolder();
        await Assert.ThrowsAsync<FileNotFoundException>(() => Analyze(folder.File("absent.mp4")));
    }
}
