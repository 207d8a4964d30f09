using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using FaceMetric.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Fuzz;

/// <summary>
/// Issue 14's damaged-JPEG corpus: from each real fixture JPEG, truncations (at every segment edge and inside the scan),
/// single bit flips (anywhere), and scan edits (bytes replaced, inserted or deleted in the entropy-coded data, markers
/// inserted into it), made with a fixed seed. Each file is loaded with <see cref="FaceImage"/>'s defaults and classed:
/// refused (with its reason), decoded with warnings, decoded identical to the intact file, or decoded differently
/// without a word. With the libjpeg oracle (tools/libjpeg-oracle/decode.c) each file is also decoded by libjpeg, and a
/// silently different file that libjpeg also decodes without a warning is classed apart as "valid-different": the
/// damage left a well-formed JPEG (for example a flipped magnitude or sign bit that keeps the Huffman stream in step, or
/// a changed quantisation value) that no decoder can tell from an intact one. Two counts must be 0: files decoded
/// silently differently that libjpeg warns about or refuses, and files where libjpeg warns or refuses while FaceMetric
/// says nothing (the libjpeg parity gaps).
/// </summary>
public static class DamagedCorpus
{
    private const string ValidDifferent = "valid-different";

    /// <summary>Writes the corpus under <paramref name="output"/>/files and the classification to <paramref name="output"/>/outcomes.tsv.</summary>
    /// <param name="repoRoot">The repository (its fixture JPEGs are the sources).</param>
    /// <param name="output">The folder written.</param>
    /// <param name="perFile">Damaged files made from each source.</param>
    /// <param name="oracle">The built libjpeg oracle, or null to class without it.</param>
    /// <param name="sourceList">A file naming the sources to use (paths relative to Fixtures/data), or null for all.</param>
    /// <returns>The number of files decoded silently differently (not valid-different) plus the libjpeg parity gaps.</returns>
    public static int Run(string repoRoot, string output, int perFile, string? oracle = null, string? sourceList = null)
    {
        string fixtures = Path.Combine(repoRoot, "tests", "FaceMetric.Tests", "Fixtures", "data");
        string[] sources = Directory.EnumerateFiles(fixtures, "*.jp*g", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (sourceList is not null)
        {
            var wanted = File.ReadAllLines(sourceList).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
            sources = sources.Where(f => wanted.Contains(Path.GetRelativePath(fixtures, f))).ToArray();
        }

        string files = Directory.CreateDirectory(Path.Combine(output, "files")).FullName;
        var rows = new List<Row>();
        var random = new Random(14);
        for (int s = 0; s < sources.Length; s++)
        {
            byte[] intact = File.ReadAllBytes(sources[s]);
            byte[] expected;
            using (Image<Rgb24> reference = FaceImage.Load(intact))
            {
                expected = Pixels(reference);
            }

            foreach (var (mutation, data) in Mutations(intact, random, perFile))
            {
                string name = $"{s:D2}_{rows.Count:D5}.jpg";
                File.WriteAllBytes(Path.Combine(files, name), data);
                var (outcome, detail) = Classify(data, expected);
                rows.Add(new Row(name, Path.GetRelativePath(fixtures, sources[s]), mutation, outcome, detail));
            }
        }

        Dictionary<string, string> libjpeg = oracle is null ? [] : RunOracle(oracle, files, rows.Select(r => r.File).ToList());
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int silent = 0, gaps = 0;
        using (var table = new StreamWriter(Path.Combine(output, "outcomes.tsv")))
        {
            table.WriteLine("file\tsource\tmutation\toutcome\tdetail\tlibjpeg");
            foreach (Row row in rows)
            {
                string lj = libjpeg.GetValueOrDefault(row.File, "-");
                bool libjpegSilent = lj == "ok";
                string outcome = row.Outcome;
                if (outcome == "SILENT-DIFFERENT" && libjpegSilent)
                {
                    outcome = ValidDifferent;
                }

                if (outcome == "SILENT-DIFFERENT")
                {
                    silent++;
                }

                // Parity: wherever libjpeg warns or gives up, FaceMetric refuses or warns.
                bool quiet = outcome is "identical" or "SILENT-DIFFERENT" or ValidDifferent;
                if (oracle is not null && quiet && !libjpegSilent)
                {
                    gaps++;
                }

                counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                table.WriteLine($"{row.File}\t{row.Source}\t{row.Mutation}\t{outcome}\t{row.Detail.Replace('\t', ' ')}\t{lj.Replace('\t', ' ')}");
            }
        }

        Console.WriteLine($"{rows.Count} damaged JPEGs from {sources.Length} fixture JPEGs");
        foreach (var (outcome, count) in counts)
        {
            Console.WriteLine($"{outcome}\t{count}");
        }

        Console.WriteLine($"decoded silently differently: {silent}");
        if (oracle is not null)
        {
            Console.WriteLine($"libjpeg warns or refuses, FaceMetric silent (parity gaps): {gaps}");
            Console.WriteLine($"libjpeg: {libjpeg.Values.Count(v => v == "ok")} decoded silently, {libjpeg.Values.Count(v => v.StartsWith("warn", StringComparison.Ordinal))} with warnings, {libjpeg.Values.Count(v => v.StartsWith("error", StringComparison.Ordinal))} refused");
        }

        return silent + gaps;
    }

    private static (string Outcome, string Detail) Classify(byte[] data, byte[] expected)
    {
        var warnings = new List<string>();
        try
        {
            using Image<Rgb24> image = FaceImage.Load(data, null, warnings);
            byte[] got = Pixels(image);
            if (warnings.Count > 0)
            {
                return ("warned", string.Join(" | ", warnings));
            }

            return got.AsSpan().SequenceEqual(expected)
                ? ("identical", string.Empty)
                : ("SILENT-DIFFERENT", Convert.ToHexString(SHA256.HashData(got))[..16]);
        }
        catch (FaceImageException e)
        {
            return ("refused:" + e.Reason, e.Message[(e.Message.IndexOf(':', StringComparison.Ordinal) + 2)..]);
        }
    }

    // Runs the oracle over the files, 200 at a time; returns "ok", "warn: first warning" or "error: message" per file.
    private static Dictionary<string, string> RunOracle(string oracle, string folder, List<string> names)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i += 200)
        {
            var start = new ProcessStartInfo(oracle) { RedirectStandardOutput = true, WorkingDirectory = folder };
            foreach (string name in names.Skip(i).Take(200))
            {
                start.ArgumentList.Add(name);
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + oracle);
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                string[] f = line.Split('\t');
                result[f[0]] = f[1] == "ERROR" ? "error: " + f[2] : f.Length > 4 ? "warn: " + (f.Length > 5 ? f[5] : f[4]) : "ok";
            }

            process.WaitForExit();
        }

        return result;
    }

    private sealed record Row(string File, string Source, string Mutation, string Outcome, string Detail);

    private static IEnumerable<(string Mutation, byte[] Data)> Mutations(byte[] intact, Random random, int count)
    {
        List<int> edges = SegmentEdges(intact);
        int scan = edges.Count > 0 ? edges[^1] : 2;     // start of the entropy-coded data
        int eoi = intact.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]);
        if (eoi < scan)
        {
            eoi = intact.Length;
        }

        for (int i = 0; i < count; i++)
        {
            int kind = i % 8;
            byte[] d;
            switch (kind)
            {
                case 0: // truncation at a segment edge, or inside the scan
                {
                    int at = i % 16 == 0 && edges.Count > 0 ? edges[random.Next(edges.Count)] : random.Next(2, intact.Length);
                    yield return ($"truncate@{at}", intact[..at]);
                    break;
                }

                case 1:
                case 2: // one bit flipped anywhere
                {
                    d = (byte[])intact.Clone();
                    int at = random.Next(2, d.Length);
                    int bit = random.Next(8);
                    d[at] ^= (byte)(1 << bit);
                    yield return ($"flip@{at}.{bit}", d);
                    break;
                }

                case 3: // one bit flipped in the scan
                {
                    d = (byte[])intact.Clone();
                    int at = random.Next(scan, eoi);
                    int bit = random.Next(8);
                    d[at] ^= (byte)(1 << bit);
                    yield return ($"scanflip@{at}.{bit}", d);
                    break;
                }

                case 4: // bytes of the scan replaced
                {
                    d = (byte[])intact.Clone();
                    int at = random.Next(scan, Math.Max(scan + 1, eoi - 8));
                    int n = random.Next(1, 9);
                    for (int k = 0; k < n && at + k < eoi; k++)
                    {
                        d[at + k] = (byte)random.Next(256);
                    }

                    yield return ($"scanreplace@{at}x{n}", d);
                    break;
                }

                case 5: // bytes inserted into the scan
                {
                    int at = random.Next(scan, eoi);
                    byte[] extra = new byte[random.Next(1, 17)];
                    random.NextBytes(extra);
                    yield return ($"scaninsert@{at}x{extra.Length}", [.. intact.AsSpan(0, at), .. extra, .. intact.AsSpan(at)]);
                    break;
                }

                case 6: // bytes deleted from the scan
                {
                    int at = random.Next(scan, Math.Max(scan + 1, eoi - 16));
                    int n = random.Next(1, 17);
                    yield return ($"scandelete@{at}x{n}", [.. intact.AsSpan(0, at), .. intact.AsSpan(Math.Min(at + n, intact.Length))]);
                    break;
                }

                default: // a marker inserted into the scan (EOI, RSTn, SOI, DHT-less SOF...)
                {
                    int at = random.Next(scan, eoi);
                    byte marker = (byte)(random.Next(4) switch { 0 => 0xD9, 1 => 0xD0 + random.Next(8), 2 => 0xD8, _ => 0xC0 });
                    yield return ($"scanmarker@{at}:FF{marker:X2}", [.. intact.AsSpan(0, at), 0xFF, marker, .. intact.AsSpan(at)]);
                    break;
                }
            }
        }
    }

    // Offsets where each marker segment starts, up to the start of the first scan's data (the last entry).
    private static List<int> SegmentEdges(byte[] d)
    {
        var edges = new List<int>();
        int pos = 2;
        while (pos + 4 <= d.Length && d[pos] == 0xFF)
        {
            edges.Add(pos);
            int length = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(pos + 2));
            bool sos = d[pos + 1] == 0xDA;
            pos += 2 + length;
            if (sos)
            {
                edges.Add(pos);
                break;
            }
        }

        return edges;
    }

    private static byte[] Pixels(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }
}
