using System.Collections.Concurrent;
using FaceMetric.Identification;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Identification;

/// <summary>Searches running while other threads enrol and remove.</summary>
/// <remarks>
/// Readers and writers run on dedicated threads, not the thread pool: readers spin until the writers finish, and
/// on a busy two-core machine the pool may take many seconds to add the threads that the writers and the test's
/// own continuations would need.
/// </remarks>
public sealed class FaceGalleryConcurrencyTests
{
    [Fact]
    public void IdentifyWhileEnrollingAndRemovingStaysConsistent()
    {
        List<ReferenceData.LfwRow> lfw = ReferenceData.ReadLfwView1();
        using FaceGallery gallery = FaceGalleryTests.JohnsGallery();
        var failures = new ConcurrentQueue<string>();
        int writersRunning = 2;
        int identified = 0;

        // Writer 1 enrolls every LFW face, one call each (the block doubles many times under the readers).
        var enroll = new Thread(() =>
        {
            foreach (ReferenceData.LfwRow row in lfw)
            {
                gallery.Enroll(row.Person, row.Descriptor);
            }

            Interlocked.Decrement(ref writersRunning);
        });

        // Writer 2 adds and removes a transient label a fixed number of times (removal compacts the block). The
        // count is fixed, not "until writer 1 is done": the lock gives writers no fairness among themselves.
        var churn = new Thread(() =>
        {
            for (int c = 0; c < 200; c++)
            {
                gallery.Enroll("transient", [Johns.Faces[0], Johns.Faces[1]]);
                gallery.Remove("transient");
            }

            Interlocked.Decrement(ref writersRunning);
        });

        Thread[] readers = Enumerable.Range(0, 3).Select(r => new Thread(() =>
        {
            int lastCount = 0;
            int i = r;
            do
            {
                int probe = i++ % Johns.Faces.Length;
                FaceIdentification id = gallery.Identify(Johns.Faces[probe]);
                if (id.Distance != 0f || (id.Label != Johns.People[probe] && id.Label != "transient"))
                {
                    failures.Enqueue($"probe {probe}: {id}");
                }

                int count = gallery.Count;
                if (count < lastCount - 2)
                {
                    failures.Enqueue($"count went from {lastCount} to {count}");
                }

                lastCount = count;
                if (gallery.CountOf(Johns.People[probe]) != 11)
                {
                    failures.Enqueue($"CountOf({Johns.People[probe]}) = {gallery.CountOf(Johns.People[probe])}");
                }

                if (gallery.Search(Johns.Faces[probe], 20).Count != 20)
                {
                    failures.Enqueue("search returned fewer than 20 of at least 55 faces");
                }

                if (i % 16 == 0 && gallery.Identify(Johns.Faces.Take(8).ToArray()).Any(b => b.Distance != 0f))
                {
                    failures.Enqueue("batched identify lost an enrolled face");
                }

                Interlocked.Increment(ref identified);
            }
            while (Volatile.Read(ref writersRunning) > 0);
        })).ToArray();

        foreach (Thread thread in readers.Append(enroll).Append(churn))
        {
            thread.Start();
        }

        foreach (Thread thread in readers.Append(enroll).Append(churn))
        {
            Assert.True(thread.Join(TimeSpan.FromMinutes(2)), "a reader or writer did not finish");
        }

        Assert.Empty(failures);
        Assert.True(identified >= 3);
        Assert.Equal(55 + lfw.Count, gallery.Count);
        Assert.Equal(5 + lfw.Select(r => r.Person).Distinct().Count(), gallery.LabelCount);
        Assert.Equal(0, gallery.CountOf("transient"));
        Assert.Equal(new FaceIdentification(lfw[^1].Person, 0f), gallery.Identify(lfw[^1].Descriptor, 1));
    }
}
