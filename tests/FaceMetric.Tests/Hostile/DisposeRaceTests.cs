using FaceMetric.Imaging;
using FaceMetric.Onnx;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace FaceMetric.Tests.Hostile;

/// <summary>
/// Issue 14 (3): disposing a shared analyzer while 8 threads are inside it. Before the in-flight gate this was a SIGSEGV
/// in ONNX Runtime (the session freed under a running call), which kills the test host: the run then fails as a whole.
/// </summary>
public sealed class DisposeRaceTests
{
    private static readonly int[] DisposeDelaysMs = [0, 1, 5, 20, 60];

    [Fact]
    public void DisposingWhileEightThreadsAnalyzeGivesResultsOrObjectDisposedOnly()
    {
        using Image<Rgb24> photo = FaceImage.Load(Fixtures.Path("data/face_recognition/examples/knn_examples/train/biden/biden.jpg"));
        float[] expected;
        using (var reference = new FaceAnalyzer())
        {
            expected = reference.Analyze(photo)[0].Descriptor.ToArray();
        }

        int completed = 0, refused = 0;
        for (int round = 0; round < 20; round++)
        {
            var analyzer = new FaceAnalyzer();
            using var start = new Barrier(9);
            var failures = new List<Exception>();
            var threads = new Thread[8];
            for (int t = 0; t < threads.Length; t++)
            {
                threads[t] = new Thread(() =>
                {
                    start.SignalAndWait();
                    try
                    {
                        while (true)
                        {
                            float[] got = analyzer.Analyze(photo)[0].Descriptor.ToArray();
                            Assert.Equal(expected, got);
                            Interlocked.Increment(ref completed);
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    catch (Exception ex)
                    {
                        lock (failures)
                        {
                            failures.Add(ex);
                        }
                    }
                });
                threads[t].Start();
            }

            start.SignalAndWait();
            Thread.Sleep(DisposeDelaysMs[round % DisposeDelaysMs.Length]);
            analyzer.Dispose();
            foreach (Thread thread in threads)
            {
                Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "a thread did not stop after Dispose");
            }

            Assert.Empty(failures);
            Assert.Throws<ObjectDisposedException>(() => analyzer.Analyze(photo));
        }

        Assert.Equal(20 * 8, refused);
        Assert.True(completed > 0);
    }

    [Fact]
    public void GateReleasesOnceAfterTheLastLease()
    {
        int released = 0;
        var gate = new InFlightGate(new object(), () => released++);
        InFlightGate.Lease a = gate.Enter();
        InFlightGate.Lease b = gate.Enter();
        Assert.True(gate.Close());
        Assert.False(gate.Close());
        Assert.Throws<ObjectDisposedException>(() => gate.Enter());
        a.Dispose();
        Assert.Equal(0, released);
        b.Dispose();
        Assert.Equal(1, released);
    }

    [Fact]
    public void GateWithNoCallInFlightReleasesOnClose()
    {
        int released = 0;
        var gate = new InFlightGate(new object(), () => released++);
        gate.Enter().Dispose();
        gate.Close();
        Assert.Equal(1, released);
    }
}
