using System.Diagnostics;
using System.Text.Json;
using FaceMetric.Embedding;
using FaceMetric.Onnx;

namespace FaceMetric.Cli.Commands;

/// <summary>
/// <c>bench [--json] [--threads N] [--seconds S]</c>: embedding throughput on this machine, milliseconds per face at
/// batch 1 and batch 8 (p10 and p50 over repeated calls). A quick check for users; the project's own figures come
/// from the BenchmarkDotNet suite in tests/FaceMetric.Benchmarks.
/// </summary>
internal static class BenchCommand
{
    public const string Usage = "bench [--json] [--threads N] [--seconds S] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr)
    {
        var args = ParsedArguments.Parse(rawArgs, ["threads", "seconds", "models"], []);
        if (args.Positional.Count != 0)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        int threads = args.Int("threads", 1, 0, 256);
        double seconds = args.Double("seconds", 3, 0.1, 600);
        using var embedder = CliModels.Embedder(args, new InferenceOptions { IntraOpThreads = threads, InterOpThreads = 1 });

        // A deterministic synthetic chip is enough for timing: the network's cost does not depend on the pixels.
        var chip = new byte[150 * 150 * 3];
        for (int i = 0; i < chip.Length; i++)
        {
            chip[i] = (byte)((i * 31) % 251);
        }

        var b1 = Measure(embedder, chip, 1, seconds / 2, stderr);
        var b8 = Measure(embedder, chip, 8, seconds / 2, stderr);
        if (args.Json)
        {
            var doc = new Dictionary<string, object>
            {
                ["embed_ms_per_face"] = new Dictionary<string, object>
                {
                    ["batch1"] = new Dictionary<string, double> { ["p10"] = b1.P10, ["p50"] = b1.P50 },
                    ["batch8"] = new Dictionary<string, double> { ["p10"] = b8.P10, ["p50"] = b8.P50 },
                },
                ["threads"] = threads,
            };
            stdout.WriteLine(JsonSerializer.Serialize(doc));
        }
        else
        {
            stdout.WriteLine($"threads {threads}");
            stdout.WriteLine($"embed batch 1: p10 {b1.P10:F2} ms/face, p50 {b1.P50:F2} ms/face ({b1.Calls} calls)");
            stdout.WriteLine($"embed batch 8: p10 {b8.P10:F2} ms/face, p50 {b8.P50:F2} ms/face ({b8.Calls} calls)");
            stdout.WriteLine($"batch 8 / batch 1 cost per face (p50): {b8.P50 / b1.P50:F2}");
        }

        return ExitCodes.Ok;
    }

    private static (double P10, double P50, int Calls) Measure(OnnxFaceEmbedder embedder, byte[] chip, int batch, double seconds, TextWriter stderr)
    {
        byte[] input = new byte[chip.Length * batch];
        for (int i = 0; i < batch; i++)
        {
            chip.CopyTo(input, i * chip.Length);
        }

        embedder.Embed(input, batch); // warm-up
        var times = new List<double>();
        using var progress = new ProgressBar(stderr, $"bench batch {batch}", seconds);
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || times.Count < 5)
        {
            long t0 = Stopwatch.GetTimestamp();
            embedder.Embed(input, batch);
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds / batch);
            progress.Report(total.Elapsed.TotalSeconds);
        }

        times.Sort();
        return (Percentile(times, 10), Percentile(times, 50), times.Count);
    }

    private static double Percentile(List<double> sorted, double p)
    {
        double pos = p / 100 * (sorted.Count - 1);
        int lo = (int)pos;
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo));
    }
}
