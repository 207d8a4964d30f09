using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using FaceMetric.Clustering;
using FaceMetric.Embedding;

namespace FaceMetric.Tests.TestSupport;

/// <summary>Readers for the dlib reference files under Fixtures/reference/dlib (formats in the shared reference README).</summary>
internal static class ReferenceData
{
    /// <summary>Every case of reference/dlib/cw (one *.labels.json per case).</summary>
    public static readonly string[] CwCases =
    [
        "real44_t06", "real44_t05", "bald24_t06", "bald24_t05", "samples20_t06", "samples20_t05",
        "johns55_t06", "syn200", "syn200q", "syn2000",
    ];

    /// <summary>A `CASE.edges.txt`: the declared node count and the edges in file order.</summary>
    public static (int Nodes, List<WeightedEdge> Edges) ReadEdges(string caseName)
    {
        int nodes = -1;
        int declaredEdges = -1;
        var edges = new List<WeightedEdge>();
        foreach (string raw in File.ReadLines(Fixtures.Path($"reference/dlib/cw/{caseName}.edges.txt")))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == "nodes")
            {
                nodes = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "edges")
            {
                declaredEdges = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else
            {
                edges.Add(new WeightedEdge(
                    int.Parse(parts[0], CultureInfo.InvariantCulture),
                    int.Parse(parts[1], CultureInfo.InvariantCulture),
                    double.Parse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture)));
            }
        }

        Assert.Equal(declaredEdges, edges.Count);
        return (nodes, edges);
    }

    /// <summary>A `CASE.labels.json` document.</summary>
    public static JsonDocument ReadLabels(string caseName) =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path($"reference/dlib/cw/{caseName}.labels.json")));

    /// <summary>A `CASE.desc.txt`: names and descriptors, in file order.</summary>
    public static (List<string> Names, List<FaceDescriptor> Descriptors) ReadDescriptors(string caseName)
    {
        string[] lines = File.ReadAllLines(Fixtures.Path($"reference/dlib/cw/{caseName}.desc.txt"));
        string[] header = lines[0].Split(' ');
        int n = int.Parse(header[0], CultureInfo.InvariantCulture);
        int d = int.Parse(header[1], CultureInfo.InvariantCulture);
        Assert.Equal(FaceDescriptor.Length, d);
        var names = new List<string>(n);
        var descriptors = new List<FaceDescriptor>(n);
        for (int i = 1; i <= n; i++)
        {
            string[] parts = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(d + 1, parts.Length);
            names.Add(parts[0]);
            descriptors.Add(new FaceDescriptor(parts.Skip(1).Select(p => float.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()));
        }

        return (names, descriptors);
    }

    /// <summary>One row of lfw_view1_descriptors.tsv.gz.</summary>
    public sealed record LfwRow(string Image, string Person, string Source, FaceDescriptor Descriptor);

    /// <summary>All rows of reference/dlib/lfw_view1_descriptors.tsv.gz; the person is the image name without its _NNNN suffix.</summary>
    public static List<LfwRow> ReadLfwView1()
    {
        using var file = File.OpenRead(Fixtures.Path(TestFiles.Reference.LfwView1DescriptorsTsv));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var rows = new List<LfwRow>();
        float[] values = new float[FaceDescriptor.Length];
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] parts = line.Split('\t');
            Assert.Equal(FaceDescriptor.Length + 2, parts.Length);
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = float.Parse(parts[k + 2], NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            string image = parts[0];
            int underscore = image.LastIndexOf('_');
            rows.Add(new LfwRow(image, image[..underscore], parts[1], new FaceDescriptor(values)));
        }

        return rows;
    }
}
