using System.Globalization;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using FaceMetric.Embedding;
using FaceMetric.Evaluation;

namespace FaceMetric.Benchmarks;

/// <summary>
/// The label audit of dlib's LFW View 1 descriptors: 4,992 faces of 3,095 people (labels from the image names), from
/// descriptors to sorted findings: the blocked all-pairs graph, per-identity Chinese Whispers and the findings.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class AuditBenchmarks
{
    private AuditItem[] _items = [];

    [GlobalSetup]
    public void Setup()
    {
        using var file = File.OpenRead(Path.Combine(BenchmarkData.Fixtures, "reference", "dlib", "lfw_view1_descriptors.tsv.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var items = new List<AuditItem>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] parts = line.Split('\t');
            float[] values = parts.Skip(2).Select(p => float.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            string image = parts[0];
            items.Add(new AuditItem(image[..image.LastIndexOf('_')], image, new FaceDescriptor(values)));
        }

        _items = items.ToArray();
    }

    [Benchmark]
    public int AuditLfwViewOne() => LabelAudit.Audit(_items).Findings.Count;
}
