using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace FaceMetric.Video.Decoding;

/// <summary>
/// Reads the timestamps of the piped frames from ffmpeg's log. The filter graph is
/// <c>showinfo,select=…,showinfo</c>: the first <c>showinfo</c> (<c>Parsed_showinfo_0</c>) logs every decoded frame
/// with its index <c>n</c> and <c>pts_time</c>; the second (<c>Parsed_showinfo_2</c>) logs each frame the selection
/// keeps, which is the next frame on the pipe. Pairing the two by <c>pts_time</c> gives each piped frame its decoded
/// index and its container timestamp.
/// </summary>
/// <remarks>Lines arrive on FFMpegCore's stderr thread; <see cref="Stamps"/> is read by the pipe sink.</remarks>
internal sealed partial class FrameStampLog
{
    private readonly Channel<(long Index, TimeSpan Time)> _stamps = Channel.CreateUnbounded<(long, TimeSpan)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Queue<(long Index, string PtsTime)> _recent = new();
    private readonly Lock _sync = new();
    private string? _lastError;

    /// <summary>The decoded index and time of each selected frame, in pipe order; completed when ffmpeg ends.</summary>
    public ChannelReader<(long Index, TimeSpan Time)> Stamps => _stamps.Reader;

    /// <summary>Frames decoded so far (the first showinfo's count).</summary>
    public long DecodedFrames { get; private set; }

    /// <summary>The last line ffmpeg logged that was not a showinfo line (its error, when it fails).</summary>
    public string? LastError
    {
        get
        {
            lock (_sync)
            {
                return _lastError;
            }
        }
    }

    /// <summary>Takes one stderr line.</summary>
    public void OnLine(string line)
    {
        Match match = ShowInfo().Match(line);
        if (!match.Success)
        {
            if (!line.Contains("Parsed_showinfo", StringComparison.Ordinal) && line.Trim().Length > 0 && !line.StartsWith("frame=", StringComparison.Ordinal))
            {
                lock (_sync)
                {
                    _lastError = line.Trim();
                }
            }

            return;
        }

        string ptsTime = match.Groups["t"].Value;
        if (match.Groups["f"].Value == "0")
        {
            long n = long.Parse(match.Groups["n"].ValueSpan, NumberStyles.Integer, CultureInfo.InvariantCulture);
            DecodedFrames = n + 1;
            _recent.Enqueue((n, ptsTime));
            if (_recent.Count > 256)
            {
                _recent.Dequeue();
            }

            return;
        }

        long index = -1;
        foreach ((long n, string t) in _recent)
        {
            if (t == ptsTime)
            {
                index = n;
            }
        }

        double seconds = double.Parse(ptsTime, NumberStyles.Float, CultureInfo.InvariantCulture);
        _stamps.Writer.TryWrite((index, TimeSpan.FromSeconds(seconds)));
    }

    /// <summary>No more lines: ffmpeg has ended.</summary>
    public void Complete() => _stamps.Writer.TryComplete();

    [GeneratedRegex(@"\[Parsed_showinfo_(?<f>[02]) @ [^\]]*\] n: *(?<n>\d+) pts: *-?\d+ pts_time:(?<t>-?[0-9.eE+-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ShowInfo();
}
