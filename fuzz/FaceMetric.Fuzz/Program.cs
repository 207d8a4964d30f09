using SharpFuzz;

namespace FaceMetric.Fuzz;

/// <summary>
/// <c>FaceMetric.Fuzz TARGET</c>: the AFL++ driver (input on stdin, SharpFuzz's out-of-process loop);
/// <c>FaceMetric.Fuzz TARGET FILE...</c>: runs the target once on each file and reports what escaped (for triage);
/// <c>FaceMetric.Fuzz seeds REPO OUT</c>: writes the seed corpora from the fixtures;
/// <c>FaceMetric.Fuzz damaged REPO OUT N [--libjpeg ORACLE] [--sources LIST]</c>: the damaged-JPEG corpus (N mutations per
/// fixture JPEG) and its classes, each file also decoded by the libjpeg oracle (tools/libjpeg-oracle) when one is named;
/// LIST restricts the sources to the fixture paths it names (one per line, relative to Fixtures/data), to repeat a run.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length >= 4 && args[0] == "damaged")
        {
            string? oracle = null, sources = null;
            for (int i = 4; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--libjpeg": oracle = args[i + 1]; break;
                    case "--sources": sources = args[i + 1]; break;
                    default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
                }
            }

            return DamagedCorpus.Run(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), oracle, sources) == 0 ? 0 : 1;
        }

        if (args.Length == 3 && args[0] == "seeds")
        {
            SeedCorpus.Write(args[1], args[2]);
            return 0;
        }

        if (args.Length == 0 || Array.IndexOf(FuzzTargets.Names, args[0]) < 0)
        {
            Console.Error.WriteLine("usage: FaceMetric.Fuzz " + string.Join("|", FuzzTargets.Names) + " [FILE...]");
            return 2;
        }

        string target = args[0];
        string scratch = Path.Combine(Path.GetTempPath(), $"facemetric-fuzz-{target}-{Environment.ProcessId}.bin");
        if (args.Length > 1)
        {
            int failed = 0;
            foreach (string file in args[1..])
            {
                try
                {
                    FuzzTargets.Run(target, File.ReadAllBytes(file), scratch);
                }
                catch (Exception e)
                {
                    failed++;
                    Console.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
                }
            }

            return failed == 0 ? 0 : 1;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            FuzzTargets.Run(target, buffer.ToArray(), scratch);
        });
        return 0;
    }
}
