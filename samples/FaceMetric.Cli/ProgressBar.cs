using System.Diagnostics;

namespace FaceMetric.Cli;

/// <summary>
/// A progress bar on stderr for work that lasts over a second: silent for the first second, redrawn at most ten
/// times a second, only when stderr is a terminal, and erased when disposed (stdout stays clean for --json).
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    private readonly TextWriter _stderr;
    private readonly string _label;
    private readonly double _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _enabled;
    private long _lastDraw;
    private bool _drawn;

    public ProgressBar(TextWriter stderr, string label, double total)
    {
        _stderr = stderr;
        _label = label;
        _total = Math.Max(total, 1e-9);
        _enabled = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
    }

    public void Report(double done)
    {
        if (!_enabled || _clock.ElapsedMilliseconds < 1000 || _clock.ElapsedMilliseconds - _lastDraw < 100)
        {
            return;
        }

        _lastDraw = _clock.ElapsedMilliseconds;
        double fraction = Math.Clamp(done / _total, 0, 1);
        int filled = (int)(fraction * 30);
        _stderr.Write($"\r{_label} [{new string('#', filled)}{new string('.', 30 - filled)}] {fraction * 100,3:F0}%");
        _drawn = true;
    }

    public void Dispose()
    {
        if (_drawn)
        {
            _stderr.Write("\r" + new string(' ', _label.Length + 40) + "\r");
        }
    }
}
