using FaceMetric.Embedding;
using FaceMetric.Matching;

namespace FaceMetric.Evaluation;

/// <summary>
/// The thresholded face graph of a label audit with its distances: for node i, <c>Targets[Offsets[i] .. Offsets[i+1])</c>
/// are the other nodes closer than the threshold (ascending) and <c>Distances</c> their exact distances.
/// </summary>
/// <remarks>
/// Built from <see cref="NearPairs"/>, as <see cref="Clustering.FaceClusterer"/>'s graph is, so an edge means <c>||a - b|| &lt; threshold</c> computed in float. Self-loops are not stored.
/// </remarks>
internal sealed class AuditGraph
{
    private AuditGraph(int nodeCount, int[] offsets, int[] targets, float[] distances)
    {
        NodeCount = nodeCount;
        Offsets = offsets;
        Targets = targets;
        Distances = distances;
    }

    public int NodeCount { get; }

    public int[] Offsets { get; }

    public int[] Targets { get; }

    public float[] Distances { get; }

    /// <summary>The graph of <paramref name="n"/> contiguous 128-d rows at <paramref name="threshold"/>.</summary>
    public static AuditGraph Build(float[] rows, int n, float threshold)
    {
        var pairs = NearPairs.Find(rows, n, FaceDescriptor.Length, threshold, includeSelf: false);
        int[] offsets = new int[n + 1];
        long total = 0;
        foreach (var (i, j, _) in pairs)
        {
            offsets[i + 1]++;
            offsets[j + 1]++;
        }

        total += 2L * pairs.Count;

        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException("The face graph has more edges than one array can hold; lower the threshold.");
        }

        for (int i = 0; i < n; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        int[] targets = new int[total];
        float[] distances = new float[total];
        int[] cursor = offsets.AsSpan(0, n).ToArray();
        foreach (var (i, j, d) in pairs)
        {
            targets[cursor[i]] = j;
            distances[cursor[i]++] = d;
            targets[cursor[j]] = i;
            distances[cursor[j]++] = d;
        }

        for (int i = 0; i < n; i++)
        {
            int length = offsets[i + 1] - offsets[i];
            if (length > 1)
            {
                Array.Sort(targets, distances, offsets[i], length);
            }
        }

        return new AuditGraph(n, offsets, targets, distances);
    }
}
