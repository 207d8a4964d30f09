namespace FaceMetric.Tests.TestSupport;

/// <summary>
/// A synchronous progress sink that records every report and cancels its token after the <c>cancelAfter</c>-th one:
/// a deterministic "the user pressed Ctrl+C part-way through".
/// </summary>
internal sealed class CancellingProgress(int cancelAfter) : IProgress<int>, IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<int> _reports = [];

    public CancellationToken Token => _source.Token;

    /// <summary>The values reported so far (reports may come from several threads).</summary>
    public IReadOnlyList<int> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(int value)
    {
        int count;
        lock (_reports)
        {
            _reports.Add(value);
            count = _reports.Count;
        }

        if (count >= cancelAfter)
        {
            _source.Cancel();
        }
    }

    public void Dispose() => _source.Dispose();
}
