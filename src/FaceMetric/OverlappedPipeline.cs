namespace FaceMetric;

/// <summary>
/// The overlapped schedule behind <see cref="FaceAnalyzer.AnalyzeFiles"/>: the front half of the pipeline (decode,
/// detect, landmarks, chips) runs for several items at once on worker threads while the consumer's thread embeds the
/// chips of items already placed, many items' chips in one network call; results come back in input order.
/// </summary>
/// <remarks>
/// At most <c>workers</c> items are being placed at any time. Work ahead of the consumer is bounded twice (memory does not
/// grow with the batch): by items (<see cref="WindowPerWorker"/> per worker, placed or being placed) and by the chips
/// that placed items hold (<see cref="ChipsAhead"/>). The consumer takes placed items in order while they are ready and
/// fewer than <c>batchChips</c> chips wait, then finishes (embeds) what it holds; it never waits for a slow item while it
/// holds chips to embed. The workers claim items themselves, in input order, while both bounds allow, so that one slow
/// item does not idle the other workers. What is computed for an item does not depend on the schedule: the network's output
/// for a chip does not depend on the other chips of its batch (a test checks this bit for bit), so the results equal the
/// sequential path's. Stopping the enumeration early cancels and waits for the work in flight.
/// </remarks>
internal static class OverlappedPipeline
{
    /// <summary>
    /// Items placed or being placed ahead of the consumer, per worker. A placed item holds only its chips (67.5 kB per face
    /// at 150 pixels), so the window may be wide; it must be, for one slow item (a photo the CNN fallback scans, 1-2 s)
    /// not to idle the other workers. With 8 per worker, 123 photos, default front end, 2 cores (2026-12-05): while
    /// dogs.jpg (item 14) took 2.15 s, the other worker placed items 15-29 (small PNGs, 10-70 ms each) in 0.64 s and then
    /// sat idle for 0.65 s. With 64 and the workers claiming items themselves, four alternating runs of the published
    /// (ReadyToRun) CLI each: median wall 6.55 -> 6.20 s, the same output.
    /// </summary>
    internal const int WindowPerWorker = 64;

    /// <summary>
    /// Chips that placed items ahead of the consumer may hold before no further item is claimed (items in flight add at
    /// most one item's chips per worker): 1,024 chips of 150 pixels are 69 MB. Bounds memory on photos with many faces,
    /// where <see cref="WindowPerWorker"/> alone would not.
    /// </summary>
    internal const int ChipsAhead = 1024;

    /// <summary>Runs <paramref name="place"/> for items 0..count-1 and yields <paramref name="finish"/>'s results in order.</summary>
    /// <param name="count">The number of items.</param>
    /// <param name="place">The front half for one item (thread-safe; runs on the workers' threads).</param>
    /// <param name="chipCount">How many chips a placed item carries.</param>
    /// <param name="finish">The back half for consecutive placed items (runs on the consumer's thread): one result each, in order.</param>
    /// <param name="workers">Items placed at once, 1 or more.</param>
    /// <param name="batchChips">Chips gathered before the consumer embeds, 1 or more.</param>
    /// <param name="cancellationToken">Stops the run between items.</param>
    /// <param name="chipsAhead">The bound on chips placed ahead of the consumer (<see cref="ChipsAhead"/>; tests set it lower).</param>
    public static IEnumerable<TResult> Run<TPlaced, TResult>(
        int count,
        Func<int, CancellationToken, TPlaced> place,
        Func<TPlaced, int> chipCount,
        Func<IReadOnlyList<TPlaced>, IReadOnlyList<TResult>> finish,
        int workers,
        int batchChips,
        CancellationToken cancellationToken,
        int chipsAhead = ChipsAhead)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var schedule = new Schedule<TPlaced>(count, WindowPerWorker * workers, chipsAhead, chipCount);
        using CancellationTokenRegistration wake = stop.Token.Register(schedule.Stop);

        // The workers claim items in input order while both bounds allow, so the item the consumer waits for is always
        // claimed and being placed: the consumer never waits for an item no worker will place.
        var threads = new Task[Math.Min(workers, count)];
        for (int w = 0; w < threads.Length; w++)
        {
            threads[w] = Task.Factory.StartNew(
                () =>
                {
                    while (schedule.Claim() is int item)
                    {
                        try
                        {
                            schedule.Placed(item, place(item, stop.Token));
                        }
                        catch (Exception e)
                        {
                            schedule.Failed(item, e);
                        }
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        var pending = new List<TPlaced>();
        int pendingChips = 0;
        try
        {
            for (int next = 0; next < count || pending.Count > 0;)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // Take the next item if it is placed and the batch has room; wait for it only with nothing to embed.
                if (next < count && (pending.Count == 0 || pendingChips < batchChips))
                {
                    if (schedule.Take(next, wait: pending.Count == 0, out TPlaced placed))
                    {
                        next++;
                        pending.Add(placed);
                        pendingChips += chipCount(placed);
                        continue;
                    }

                    if (pending.Count == 0)
                    {
                        // Woken without the item: the run was cancelled.
                        cancellationToken.ThrowIfCancellationRequested();
                        throw new OperationCanceledException(stop.Token);
                    }
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
            schedule.Stop();
            Task.WaitAll(threads);
        }
    }

    /// <summary>
    /// The state the workers and the consumer share, under one lock: which item is claimed next, the placed items not yet
    /// taken and their chips.
    /// </summary>
    private sealed class Schedule<TPlaced>(int count, int window, int chipsAhead, Func<TPlaced, int> chipCount)
    {
        private readonly object _gate = new();
        private readonly TPlaced[] _placed = new TPlaced[count];
        private readonly Exception?[] _failed = new Exception?[count];
        private readonly bool[] _ready = new bool[count];
        private int _claimed;
        private int _taken;
        private int _chipsAhead;
        private bool _stopped;

        /// <summary>The next item to place, once the bounds allow; null when there is none or the run stopped.</summary>
        public int? Claim()
        {
            lock (_gate)
            {
                while (!_stopped && _claimed < count && (_claimed >= _taken + window || _chipsAhead >= chipsAhead))
                {
                    Monitor.Wait(_gate);
                }

                return _stopped || _claimed >= count ? null : _claimed++;
            }
        }

        public void Placed(int item, TPlaced placed)
        {
            int chips = chipCount(placed);
            lock (_gate)
            {
                (_placed[item], _ready[item]) = (placed, true);
                _chipsAhead += chips;
                Monitor.PulseAll(_gate);
            }
        }

        public void Failed(int item, Exception failure)
        {
            lock (_gate)
            {
                (_failed[item], _ready[item]) = (failure, true);
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>
        /// Takes item <paramref name="item"/> (the consumer's next) if it is placed, or waits for it; false when it is not
        /// placed and the consumer may not wait, or the run stopped while it waited. Rethrows the item's failure when the
        /// consumer waits (holds nothing); until then a failed item reads as not placed, so that the items before it are
        /// finished first.
        /// </summary>
        public bool Take(int item, bool wait, out TPlaced placed)
        {
            lock (_gate)
            {
                while (!_ready[item] || (_failed[item] is not null && !wait))
                {
                    if (!wait || _stopped)
                    {
                        placed = default!;
                        return false;
                    }

                    Monitor.Wait(_gate);
                }

                if (_failed[item] is Exception failure)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                }

                placed = _placed[item];
                _placed[item] = default!;
                _chipsAhead -= chipCount(placed);
                _taken = item + 1;
                Monitor.PulseAll(_gate);
                return true;
            }
        }

        /// <summary>Wakes every waiter; no further item is claimed.</summary>
        public void Stop()
        {
            lock (_gate)
            {
                _stopped = true;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
