namespace FaceMetric.Tests.Analysis;

/// <summary>
/// The overlapped schedule itself (<see cref="OverlappedPipeline"/>), with items whose cost the test controls: results
/// in input order, a slow item does not stop the other workers while the window allows, and the chips placed ahead of the
/// consumer stay within their bound.
/// </summary>
public sealed class OverlappedPipelineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void ResultsComeInInputOrderWhateverTheItemsCost()
    {
        var delays = new Random(5).GetItems([0, 0, 1, 3, 8], 200);
        List<int> results = [.. OverlappedPipeline.Run(
            delays.Length,
            (item, _) =>
            {
                Thread.Sleep(delays[item]);
                return item;
            },
            _ => 1,
            placed => placed.Select(i => i * 10).ToList(),
            workers: 3,
            batchChips: 7,
            CancellationToken.None)];

        Assert.Equal(Enumerable.Range(0, delays.Length).Select(i => i * 10), results);
    }

    [Fact]
    public void WhileTheConsumerWaitsForASlowItemTheOtherWorkersPlaceTheWholeWindow()
    {
        // Item 0 ends only once every other item of the window has been placed (as a photo the CNN fallback scans outlasts
        // many small ones): the other worker must go on claiming items while the consumer waits, up to the whole window.
        const int workers = 2;
        int others = (OverlappedPipeline.WindowPerWorker * workers) - 1;
        using var othersPlaced = new CountdownEvent(others);
        bool slowSawThemAll = false;
        List<int> results = [.. OverlappedPipeline.Run(
            others + 1,
            (item, _) =>
            {
                if (item == 0)
                {
                    slowSawThemAll = othersPlaced.Wait(Patience);
                }
                else
                {
                    othersPlaced.Signal();
                }

                return item;
            },
            _ => 1,
            placed => placed,
            workers,
            batchChips: 8,
            CancellationToken.None)];

        Assert.True(slowSawThemAll, "the other worker stopped placing items while the consumer waited for item 0");
        Assert.Equal(Enumerable.Range(0, others + 1), results);
    }

    [Fact]
    public void ChipsPlacedAheadOfTheConsumerStayWithinTheirBound()
    {
        // Fast items of 5 chips each and a slow consumer: unbounded, the workers would place all 60 items (300 chips)
        // ahead of it. Counted from the start of placing to the end of finishing, chips ahead are at most the bound less
        // one, plus an item in flight per worker, plus the item the consumer is finishing (batches of one item here).
        const int chipsAhead = 12, chipsPerItem = 5, workers = 2, items = 60;
        int ahead = 0, mostAhead = 0;
        List<int> results = [.. OverlappedPipeline.Run(
            items,
            (item, _) =>
            {
                InterlockedMax(ref mostAhead, Interlocked.Add(ref ahead, chipsPerItem));
                return item;
            },
            _ => chipsPerItem,
            placed =>
            {
                Thread.Sleep(5);
                Interlocked.Add(ref ahead, -chipsPerItem * placed.Count);
                return placed;
            },
            workers,
            batchChips: 1,
            CancellationToken.None,
            chipsAhead)];

        Assert.Equal(Enumerable.Range(0, items), results);
        Assert.InRange(mostAhead, 2 * chipsPerItem, chipsAhead - 1 + (workers * chipsPerItem) + chipsPerItem);
    }

    [Fact]
    public void AFailingItemSurfacesAtItsTurnAfterTheItemsBeforeIt()
    {
        var results = new List<int>();
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (int r in OverlappedPipeline.Run(
                30,
                (item, _) => item == 17 ? throw new InvalidOperationException("item 17") : item,
                _ => 1,
                placed => placed,
                workers: 2,
                batchChips: 4,
                CancellationToken.None))
            {
                results.Add(r);
            }
        });

        Assert.Equal("item 17", e.Message);
        Assert.Equal(Enumerable.Range(0, 17), results);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen = Volatile.Read(ref target);
        while (value > seen)
        {
            int previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
