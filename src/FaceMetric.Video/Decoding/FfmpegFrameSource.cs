using System.Globalization;
using System.Threading.Channels;
using FFMpegCore;
using FFMpegCore.Enums;

namespace FaceMetric.Video.Decoding;

/// <summary>
/// Runs ffmpeg on a video file and delivers the selected frames as packed RGB24 through a bounded channel.
/// </summary>
/// <remarks>
/// <para>Command: <c>ffmpeg -i VIDEO -map 0:v:0 -vf "showinfo=checksum=0,select=EXPR,showinfo=checksum=0"
/// -fps_mode passthrough -f rawvideo -pix_fmt rgb24 PIPE</c> (FFMpegCore supplies the pipe). <c>passthrough</c>
/// keeps every selected frame with its own timestamp (no duplication or dropping to a constant rate).</para>
/// <para>Memory: frames live in a <see cref="FramePool"/> of <c>queueCapacity + 2</c> buffers (the queue, one being
/// filled from the pipe, one being analysed), so at most that many frames exist whatever the video's length; ffmpeg
/// itself holds a few more inside its decoder.</para>
/// <para>After the last frame the run is checked: a failed ffmpeg, a pipe that ended inside a frame, or fewer decoded
/// frames than the container declares make the channel complete with <see cref="VideoUnreadableException"/>; no
/// frame at all with <see cref="EmptyVideoException"/>.</para>
/// </remarks>
internal sealed class FfmpegFrameSource : IDisposable
{
    private readonly string _path;
    private readonly VideoSampling _sampling;
    private readonly FFOptions _ffOptions;
    private readonly Channel<VideoFrame> _channel;
    private readonly FrameStampLog _log = new();
    private readonly RawFrameSink _sink;

    public FfmpegFrameSource(string path, VideoInfo info, VideoSampling sampling, FFOptions ffOptions, int queueCapacity, CancellationToken cancellationToken)
    {
        _path = path;
        Info = info;
        _sampling = sampling;
        _ffOptions = ffOptions;
        FrameBytes = checked(info.Width * info.Height * 3);
        Pool = new FramePool(FrameBytes, queueCapacity + 2);
        _channel = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(queueCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        _sink = new RawFrameSink(Pool, _log, _channel.Writer, FrameBytes, cancellationToken);
    }

    public VideoInfo Info { get; }

    /// <summary>Bytes per frame: width x height x 3.</summary>
    public int FrameBytes { get; }

    /// <summary>The frame buffers; the consumer returns each frame's buffer here.</summary>
    public FramePool Pool { get; }

    /// <summary>The selected frames in presentation order.</summary>
    public ChannelReader<VideoFrame> Frames => _channel.Reader;

    /// <summary>Frames decoded by ffmpeg (all of them, selected or not), once the run has ended.</summary>
    public long DecodedFrames => _log.DecodedFrames;

    /// <summary>Time the decoder spent waiting for the analysis to take frames.</summary>
    public TimeSpan BlockedOnConsumer => _sink.BlockedOnConsumer;

    /// <summary>The ffmpeg arguments (for diagnostics).</summary>
    internal string Filters => string.Create(CultureInfo.InvariantCulture, $"showinfo=checksum=0,select={_sampling.SelectExpression},showinfo=checksum=0");

    /// <summary>Runs ffmpeg to the end; completes <see cref="Frames"/> (with an exception when the video is bad).</summary>
    /// <param name="cancellationToken">The token given to the constructor (the sink waits on it too).</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            FFMpegArgumentProcessor processor = FFMpegArguments
                .FromFileInput(_path, verifyExists: true, _ => { })
                .OutputToPipe(_sink, o => o.WithCustomArgument($"-map 0:v:0 -an -sn -dn -vf \"{Filters}\" -fps_mode passthrough"))
                .WithLogLevel(FFMpegLogLevel.Info)
                .NotifyOnStandardError(_log.OnLine)
                .CancellableThrough(cancellationToken, TimeSpan.Zero);
            FFMpegResult result = await processor.ProcessAsynchronously(throwOnError: false, _ffOptions, cancellationToken).ConfigureAwait(false);
            _log.Complete();
            cancellationToken.ThrowIfCancellationRequested();
            failure = Check(result);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = e is VideoException ? e : new VideoUnreadableException(_path, e.Message, e);
        }
        catch (OperationCanceledException e)
        {
            failure = e;
        }
        finally
        {
            _log.Complete();
            _channel.Writer.TryComplete(failure);
        }
    }

    private VideoException? Check(FFMpegResult result)
    {
        if (result.ExitCode != 0)
        {
            return new VideoUnreadableException(_path, _log.LastError ?? VideoProbe.LastLine(result.StandardError) ?? $"ffmpeg exited with {result.ExitCode}");
        }

        if (_sink.EndedMidFrame)
        {
            return new VideoUnreadableException(_path, "the frame data ended inside a frame");
        }

        long decoded = _log.DecodedFrames;
        if (decoded == 0)
        {
            return new EmptyVideoException(_path, "no frames");
        }

        if (Info.DeclaredFrames is long declared && decoded + Math.Max(2, declared / 100) < declared)
        {
            return new VideoUnreadableException(_path, string.Create(CultureInfo.InvariantCulture, $"truncated: {decoded} of the {declared} frames its header declares decoded ({_log.LastError ?? "no error logged"})"));
        }

        return null;
    }

    /// <inheritdoc/>
    public void Dispose() => Pool.Dispose();
}
