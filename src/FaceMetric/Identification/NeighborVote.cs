namespace FaceMetric.Identification;

/// <summary>
/// The distance-weighted k-NN vote shared by <see cref="FaceGallery"/> and <see cref="IdentityTracker"/>.
/// </summary>
/// <remarks>
/// <para>Only neighbours strictly under the threshold vote: dlib's rule says a face at or beyond it is a different
/// person, so it must not pull the decision towards its label.</para>
/// <para>A voting neighbour at distance d adds <c>exp(-(d / s)^2)</c> to its label, with <c>s = threshold / 6</c>
/// (0.1 at dlib's 0.6). The kernel is deliberately sharp: a match 0.1 nearer outweighs thousands of farther ones
/// (at 0.4 versus 0.5 the ratio is e^9), while matches within a few hundredths of each other add up, so a label
/// wins on numbers only where the distances cannot tell the candidates apart. Flatter weights
/// (<c>1 - d/threshold</c>, <c>1/d</c>) let a rival with many enrolled faces near the threshold outvote the one
/// genuinely close face of a person enrolled once: on dlib's LFW View 1 descriptors (leave-one-out, most people
/// with 2 images) they fall from 93.6% at k = 1 to 89% (linear) and 68% (1/d) at k = 7, where this kernel gives 93.7%.</para>
/// <para>The winner is the label with the largest total; ties go to the label whose best match is nearer (then to
/// the earlier row). When even the nearest neighbour is not under the threshold the answer is "unknown".</para>
/// </remarks>
internal static class NeighborVote
{
    /// <summary>threshold / kernel width: the weight is <c>exp(-(KernelSharpness * d / threshold)^2)</c>.</summary>
    internal const double KernelSharpness = 6.0;

    /// <summary>
    /// Decides from neighbours sorted ascending by distance. Returns the winning label id, or -1 for unknown, and
    /// the distance of the winner's best match (for unknown: the nearest distance, +infinity with no neighbours).
    /// </summary>
    public static (int Label, float Distance) Decide(ReadOnlySpan<Neighbor> neighbors, ReadOnlySpan<int> rowLabels, float threshold)
    {
        if (neighbors.Length == 0)
        {
            return (-1, float.PositiveInfinity);
        }

        if (!(neighbors[0].Distance < threshold))
        {
            return (-1, neighbors[0].Distance);
        }

        // k is small: a linear list of (label, total, best distance) in order of first (= nearest) appearance.
        Span<int> labels = neighbors.Length <= 64 ? stackalloc int[neighbors.Length] : new int[neighbors.Length];
        Span<double> totals = neighbors.Length <= 64 ? stackalloc double[neighbors.Length] : new double[neighbors.Length];
        Span<float> best = neighbors.Length <= 64 ? stackalloc float[neighbors.Length] : new float[neighbors.Length];
        int distinct = 0;
        foreach (Neighbor neighbor in neighbors)
        {
            if (!(neighbor.Distance < threshold))
            {
                break;
            }

            int label = rowLabels[neighbor.Row];
            double scaled = KernelSharpness * neighbor.Distance / threshold;
            double weight = Math.Exp(-(scaled * scaled));
            int slot = labels[..distinct].IndexOf(label);
            if (slot < 0)
            {
                slot = distinct++;
                labels[slot] = label;
                totals[slot] = 0.0;
                best[slot] = neighbor.Distance;
            }

            totals[slot] += weight;
        }

        // Slots are in order of nearest appearance, so a strict '>' keeps the nearer label on equal totals.
        int winner = 0;
        for (int s = 1; s < distinct; s++)
        {
            if (totals[s] > totals[winner])
            {
                winner = s;
            }
        }

        return (labels[winner], best[winner]);
    }
}
