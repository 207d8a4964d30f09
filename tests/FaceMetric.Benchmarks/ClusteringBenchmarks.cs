using BenchmarkDotNet.Attributes;
using FaceMetric.Clustering;
using FaceMetric.Embedding;

namespace FaceMetric.Benchmarks;

/// <summary>
/// Clustering 10,000 faces (1,000 synthetic people x 10, dlib-like geometry: same person 0.28-0.45 apart,
/// different people about 0.87): the thresholded graph (blocked kernel) plus Chinese Whispers, and each part alone.
/// Target: the whole under 5 seconds.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ClusteringBenchmarks
{
    private const int People = 1_000;
    private const int FacesPerPerson = 10;

    private FaceDescriptor[] _faces = null!;
    private float[] _rows = null!;
    private List<WeightedEdge> _edges = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rows = SyntheticFaces.People(People, FacesPerPerson, seed: 3);
        int n = People * FacesPerPerson;
        _faces = Enumerable.Range(0, n).Select(i => new FaceDescriptor(_rows.AsSpan(i * FaceDescriptor.Length, FaceDescriptor.Length))).ToArray();
        _edges = FaceClusterer.BuildEdges(_rows, n, FaceDescriptor.Length, 0.6f);
        ClusterResult result = new FaceClusterer().Cluster(_faces);
        int pure = result.Clusters.Count(c => c.Select(i => i / FacesPerPerson).Distinct().Count() == 1);
        Console.WriteLine($"// synthetic graph: {n} faces, {_edges.Count} edges (self-loops included), {result.ClusterCount} clusters, {pure} pure");
    }

    [Benchmark(Description = "FaceClusterer.Cluster, 10,000 faces")]
    public ClusterResult ClusterAll() => new FaceClusterer().Cluster(_faces);

    [Benchmark(Description = "graph only (blocked kernel, t=0.6)")]
    public List<WeightedEdge> GraphOnly() => FaceClusterer.BuildEdges(_rows, _faces.Length, FaceDescriptor.Length, 0.6f);

    [Benchmark(Description = "Chinese Whispers only (100 iterations)")]
    public ClusterResult ChineseWhispersOnly() => ChineseWhispers.Run(_edges);
}
