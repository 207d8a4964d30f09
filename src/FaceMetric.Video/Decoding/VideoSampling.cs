using System.Globalization;

namespace FaceMetric.Video;

/// <summary>
/// Which frames of a video are analysed: every Nth decoded frame, or one frame every T seconds of presentation
/// time. Immutable value; create with <see cref="EveryNthFrame"/> or <see cref="Every"/>.
/// </summary>
/// <remarks>
/// The selection runs inside ffmpeg (its <c>select</c> filter), so frames that are skipped are decoded (video codecs
/// need them) but never converted to RGB nor piped. Times are the container's presentation timestamps, not
/// <c>index / fps</c>: a clip whose first frame is shown at 0.844 s reports 0.844 s.
/// </remarks>
public sealed record VideoSampling
{
    private VideoSampling(int frameStep, TimeSpan interval)
    {
        FrameStep = frameStep;
        Interval = interval;
    }

    /// <summary>Every decoded frame.</summary>
    public static VideoSampling EveryFrame { get; } = new(1, TimeSpan.Zero);

    /// <summary>Analyse every Nth decoded frame, N (<see cref="FrameStep"/>) 1 or more; 0 when sampling by time.</summary>
    public int FrameStep { get; }

    /// <summary>The time between analysed frames when sampling by time; zero when sampling by frame count.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Frames 0, N, 2N, ... (decoded order, which is presentation order).</summary>
    /// <param name="n">The step, 1 or more.</param>
    /// <returns>The sampling.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public static VideoSampling EveryNthFrame(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return n == 1 ? EveryFrame : new VideoSampling(n, TimeSpan.Zero);
    }

    /// <summary>
    /// The first frame, then each first frame at least <paramref name="interval"/> after the previous analysed one
    /// (ffmpeg: <c>select=isnan(prev_selected_t)+gte(t-prev_selected_t,T)</c>).
    /// </summary>
    /// <param name="interval">The time between analysed frames: more than zero.</param>
    /// <returns>The sampling.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is zero or negative.</exception>
    public static VideoSampling Every(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new VideoSampling(0, interval);
    }

    /// <summary>The expression of ffmpeg's <c>select</c> filter for this sampling (commas escaped for a filter graph).</summary>
    internal string SelectExpression => FrameStep > 0
        ? string.Create(CultureInfo.InvariantCulture, $"not(mod(n\\,{FrameStep}))")
        : string.Create(CultureInfo.InvariantCulture, $"isnan(prev_selected_t)+gte(t-prev_selected_t\\,{Interval.TotalSeconds:R})");

    /// <inheritdoc/>
    public override string ToString() => FrameStep > 0
        ? string.Create(CultureInfo.InvariantCulture, $"every {FrameStep} frame(s)")
        : string.Create(CultureInfo.InvariantCulture, $"every {Interval.TotalSeconds:0.###} s");
}
