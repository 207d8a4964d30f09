using FaceMetric.Video.Decoding;
using FaceMetric.Video.Tests.TestSupport;

namespace FaceMetric.Video.Tests.Decoding;

/// <summary>Frames come from ffmpeg with the container's timestamps, sampled as asked, through a bounded pool.</summary>
public sealed class FrameSourceTests
{
    private static async Task<(List<(long Index, TimeSpan Time)> Frames, FfmpegFrameSource Source)> Read(VideoSampling sampling, int queue = 4, int delayMs = 0, CancellationToken cancel = default)
    {
        var ff = FfmpegLocator.Options(null);
        VideoInfo info = await VideoProbe.ProbeAsync(VideoFixtures.HamiltonClip, ff, cancel);
        var source = new FfmpegFrameSource(VideoFixtures.HamiltonClip, info, sampling, ff, queue, cancel);
        Task run = source.RunAsync(cancel);
        var frames = new List<(long, TimeSpan)>();
        await foreach (VideoFrame frame in source.Frames.ReadAllAsync(cancel))
        {
            frames.Add((frame.Index, frame.Time));
            if (delayMs > 0)
            {
                await Task.Delay(delayMs, cancel);
            }

            source.Pool.Return(frame.Pixels);
        }

        await run;
        return (frames, source);
    }

    [Fact]
    public async Task ProbeReadsTheClipsStream()
    {
        VideoInfo info = await VideoProbe.ProbeAsync(VideoFixtures.HamiltonClip, FfmpegLocator.Options(null), default);
        Assert.Equal(640, info.Width);
        Assert.Equal(360, info.Height);
        Assert.Equal(29.97, info.FrameRate, 2);
        Assert.Equal(275, info.DeclaredFrames);
    }

    [Fact]
    public async Task EveryFifthFrameCarriesContainerTimestamps()
    {
        var (frames, source) = await Read(VideoSampling.EveryNthFrame(5));
        using (source)
        {
            Assert.Equal(275, source.DecodedFrames);
            Assert.Equal(55, frames.Count);
            Assert.Equal(Enumerable.Range(0, 55).Select(k => 5L * k), frames.Select(f => f.Index));

            // The clip's first frame is shown at 10118/11988 s (its edit list), not at 0: index / fps would say 0.
            Assert.Equal(10118.0 / 11988, frames[0].Time.TotalSeconds, 5);
            Assert.Equal((10118.0 + (5 * 400)) / 11988, frames[1].Time.TotalSeconds, 5);
            Assert.True(frames.Zip(frames.Skip(1)).All(p => p.Second.Time > p.First.Time));
        }
    }

    [Fact]
    public async Task SamplingByTimeTakesOneFrameEveryInterval()
    {
        var (frames, source) = await Read(VideoSampling.Every(TimeSpan.FromSeconds(0.5)));
        using (source)
        {
            // 9.18 s of video at one frame per 0.5 s: frames 0, 15, 30, ... (15 frames = 0.5005 s at 29.97 fps).
            Assert.Equal(19, frames.Count);
            Assert.Equal(Enumerable.Range(0, 19).Select(k => 15L * k), frames.Select(f => f.Index));
            Assert.All(frames.Zip(frames.Skip(1)), p => Assert.InRange((p.Second.Time - p.First.Time).TotalSeconds, 0.5, 0.534));
        }
    }

    [Fact]
    public async Task ASlowConsumerNeverHoldsMoreThanThePoolsFrames()
    {
        // Queue of 2 and a consumer slower than the decoder: the pool never grows past 2 + 2 buffers.
        var (frames, source) = await Read(VideoSampling.EveryNthFrame(10), queue: 2, delayMs: 20);
        using (source)
        {
            Assert.Equal(28, frames.Count);
            Assert.InRange(source.Pool.Created, 1, 4);
        }
    }

    [Fact]
    public async Task AConsumerSlowerThanFfmpegsWholeRunStillGetsEveryFrame()
    {
        // ffmpeg finishes long before the consumer does (analysis takes ~0.5 s a frame): no frame may be lost.
        var (frames, source) = await Read(VideoSampling.EveryNthFrame(25), queue: 1, delayMs: 700);
        using (source)
        {
            Assert.Equal(Enumerable.Range(0, 11).Select(k => 25L * k), frames.Select(f => f.Index));
        }
    }

    [Fact]
    public async Task CancellationStopsDecoding()
    {
        using var cancel = new CancellationTokenSource();
        var ff = FfmpegLocator.Options(null);
        VideoInfo info = await VideoProbe.ProbeAsync(VideoFixtures.HamiltonClip, ff, default);
        using var source = new FfmpegFrameSource(VideoFixtures.HamiltonClip, info, VideoSampling.EveryFrame, ff, 2, cancel.Token);
        Task run = source.RunAsync(cancel.Token);
        int read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (VideoFrame frame in source.Frames.ReadAllAsync())
            {
                source.Pool.Return(frame.Pixels);
                if (++read == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(read, 3, 10);
    }
}
