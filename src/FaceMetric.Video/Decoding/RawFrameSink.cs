using System.Threading.Channels;
using FFMpegCore.Pipes;

namespace FaceMetric.Video.Decoding;

/// <summary>
/// FFMpegCore's pipe sink for raw RGB24 frames: reads exactly one frame's bytes at a time from ffmpeg's output pipe
/// into a pooled buffer, pairs it with its timestamp from <see cref="FrameStampLog"/>, and writes it to a bounded
/// channel. When the channel is full the sink stops reading, the pipe fills and ffmpeg waits: decoding never runs
/// more than the channel's capacity ahead of the analysis. Nothing is written to disk.
/// </summary>
internal sealed class RawFrameSink : IPipeSink
{
    private readonly FramePool _pool;
    private readonly FrameStampLog _log;
    private readonly ChannelWriter<VideoFrame> _frames;
    private readonly int _frameBytes;
    private readonly CancellationToken _runToken;

    /// <param name="pool">The frame buffers.</param>
    /// <param name="log">The frames' timestamps.</param>
    /// <param name="frames">The bounded queue to the analysis.</param>
    /// <param name="frameBytes">Bytes per frame.</param>
    /// <param name="runToken">
    /// The run's own cancellation. FFMpegCore cancels the token it passes to <see cref="ReadAsync"/> as soon as
    /// ffmpeg exits, while the last frames may still wait for room in the queue: waiting on that token would drop
    /// them, so the sink waits on the run's token only.
    /// </param>
    public RawFrameSink(FramePool pool, FrameStampLog log, ChannelWriter<VideoFrame> frames, int frameBytes, CancellationToken runToken)
    {
        _runToken = runToken;
        _pool = pool;
        _log = log;
        _frames = frames;
        _frameBytes = frameBytes;
    }

    /// <summary>Frames delivered to the channel.</summary>
    public long Delivered { get; private set; }

    /// <summary>True when the pipe ended inside a frame (a partial frame was dropped).</summary>
    public bool EndedMidFrame { get; private set; }

    /// <summary>Time spent waiting for the analysis (channel full), a measure of back-pressure.</summary>
    public TimeSpan BlockedOnConsumer { get; private set; }

    /// <inheritdoc/>
    public string GetStreamArguments() => "-f rawvideo -pix_fmt rgb24";

    /// <inheritdoc/>
    public async Task ReadAsync(Stream inputStream, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        CancellationToken token = _runToken;
        while (true)
        {
            byte[] buffer = await _pool.RentAsync(token).ConfigureAwait(false);
            bool handedOver = false;
            try
            {
                int read = await inputStream.ReadAtLeastAsync(buffer.AsMemory(0, _frameBytes), _frameBytes, throwOnEndOfStream: false, token).ConfigureAwait(false);
                if (read < _frameBytes)
                {
                    EndedMidFrame = read > 0;
                    return;
                }

                if (!await _log.Stamps.WaitToReadAsync(token).ConfigureAwait(false) || !_log.Stamps.TryRead(out var stamp))
                {
                    throw new InvalidOperationException("ffmpeg piped a frame without logging its timestamp (showinfo).");
                }

                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                await _frames.WriteAsync(new VideoFrame(stamp.Index, stamp.Time, buffer), token).ConfigureAwait(false);
                BlockedOnConsumer += System.Diagnostics.Stopwatch.GetElapsedTime(start);
                handedOver = true;
                Delivered++;
            }
            finally
            {
                if (!handedOver)
                {
                    _pool.Return(buffer);
                }
            }
        }
    }
}
