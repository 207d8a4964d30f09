namespace FaceMetric;

/// <summary>
/// The overlapped schedule behind <see cref="FaceAnalyzer.AnalyzeFiles"/>: the front half of the pipeline (decode,
/// detect, landmarks, chips) runs for several items at once on the thread pool while the consumer's thread embeds the
/// chips of items already placed, many items' chips in one network call; results come back in input order.
/// </summary>
/// <remarks>
/// At most <c>workers</c> items are being placed at any time and at most <c>window</c> items are placed or being placed
/// ahead of the consumer (a bounded queue: memory does not grow with the batch). The consumer takes placed items in
/// order while they are ready and fewer than <c>batchChips</c> chips wait, then finishes (embeds) what it holds; it
/// never waits for a slow item while it holds chips to embed. What is computed for an item does not depend on the
/// schedule: the network's output for a chip does not depend on the other chips of its batch (a test checks this bit for
/// bit), so the results equal the sequential path's. Stopping the enumeration early cancels and waits for the work in
/// flight.
/// </remarks>
internal static class OverlappedPipeline
{
    /// <summary>
    /// Items placed or being placed ahead of the consumer, per worker. A placed item holds only its chips, so the window
    /// may be wide; it must be, for one slow item (a photo the CNN fallback scans, 1-2 s) not to idle the other workers:
    /// with 2 per worker they placed the next three photos and waited. 123 photos, default front end, 2 cores, five
    /// alternating runs each (2026-12-05): median wall 8.09 s at 2 per worker against 7.39 s at 32; then 7.13 s at 8,
    /// 7.11 s at 16 and 7.04 s at 32.
    /// </summary>
    internal const int WindowPerWorker = 8;

    /// <summary>Runs <paramref name="place"/> for items 0..count-1 and yields <paramref name="finish"/>'s results in order.</summary>
    /// <param name="count">The number of items.</param>
    /// <param name="place">The front half for one item (thread-safe; runs on the thread pool).</param>
    /// <param name="chipCount">How many chips a placed item carries.</param>
    /// <param name="finish">The back half for consecutive placed items (runs on the consumer's thread): one result each, in order.</param>
    /// <param name="workers">Items placed at once, 1 or more.</param>
    /// <param name="batchChips">Chips gathered before the consumer embeds, 1 or more.</param>
    /// <param name="cancellationToken">Stops the run between items.</param>
    public static IEnumerable<TResult> Run<TPlaced, TResult>(
        int count,
        Func<int, CancellationToken, TPlaced> place,
        Func<TPlaced, int> chipCount,
        Func<IReadOnlyList<TPlaced>, IReadOnlyList<TResult>> finish,
        int workers,
        int batchChips,
        CancellationToken cancellationToken)
    {
        int window = WindowPerWorker * workers;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var running = new SemaphoreSlim(workers, workers);
        var tasks = new Task<TPlaced>?[count];
        var pending = new List<TPlaced>();
        int started = 0, next = 0, pendingChips = 0;
        try
        {
            while (next < count || pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (started < count && started < next + window)
                {
                    int item = started++;
                    tasks[item] = Task.Run(
                        async () =>
                        {
                            await running.WaitAsync(stop.Token).ConfigureAwait(false);
                            try
                            {
                                stop.Token.ThrowIfCancellationRequested();
                                return place(item, stop.Token);
                            }
                            finally
                            {
                                running.Release();
                            }
                        },
                        stop.Token);
                }

                bool take = next < count && (pending.Count == 0 || (tasks[next]!.IsCompleted && pendingChips < batchChips));
                if (take)
                {
                    TPlaced placed = tasks[next]!.GetAwaiter().GetResult();
                    tasks[next++] = null;
                    pending.Add(placed);
                    pendingChips += chipCount(placed);
                    continue;
                }

                foreach (TResult result in finish(pending))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return result;
                }

                pending.Clear();
                pendingChips = 0;
            }
        }
        finally
        {
            stop.Cancel();
            for (int i = next; i < started; i++)
            {
                try
                {
                    tasks[i]?.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // Work abandoned because the enumeration stopped: its outcome is not wanted.
                }
            }
        }
    }
}
