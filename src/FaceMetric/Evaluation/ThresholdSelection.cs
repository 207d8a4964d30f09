namespace FaceMetric.Evaluation;

/// <summary>
/// Chooses the distance threshold that maximises verification accuracy on a set of labelled pairs, and sweeps the
/// ROC. Candidate thresholds are the smallest distance (accept nothing), the midpoints between consecutive distinct
/// distances, and just above the largest (accept everything); ties in accuracy go to the smallest threshold.
/// Pairs with a NaN distance are ignored here (they are wrong whatever the threshold).
/// </summary>
internal static class ThresholdSelection
{
    /// <summary>The accuracy-maximising threshold of the finite pairs.</summary>
    /// <exception cref="ArgumentException">No pair has a finite distance.</exception>
    public static double Choose(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame)
    {
        (double[] d, bool[] same) = SortedFinite(distances, isSame);
        if (d.Length == 0)
        {
            throw new ArgumentException("Choosing a threshold needs at least one pair with a finite distance.", nameof(distances));
        }

        // Below every distance, everything is rejected: the mismatched pairs are right.
        long correct = same.Count(s => !s);
        long bestCorrect = correct;
        double best = d[0];
        int i = 0;
        while (i < d.Length)
        {
            int j = i;
            while (j < d.Length && d[j] == d[i])
            {
                correct += same[j] ? 1 : -1;
                j++;
            }

            if (correct > bestCorrect)
            {
                bestCorrect = correct;
                best = j < d.Length ? d[i] + ((d[j] - d[i]) / 2) : Math.BitIncrement(d[i]);
            }

            i = j;
        }

        return best;
    }

    /// <summary>
    /// The ROC over every pair, from (0, 0) upwards, one point per distinct finite distance. Failed (NaN) pairs stay
    /// in the denominators and are never accepted.
    /// </summary>
    public static RocPoint[] Roc(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame)
    {
        int sameTotal = 0;
        foreach (bool s in isSame)
        {
            sameTotal += s ? 1 : 0;
        }

        int differentTotal = isSame.Length - sameTotal;
        (double[] d, bool[] same) = SortedFinite(distances, isSame);
        var points = new List<RocPoint> { new(d.Length > 0 ? d[0] : 0, 0, 0) };
        int acceptedSame = 0, acceptedDifferent = 0;
        int i = 0;
        while (i < d.Length)
        {
            int j = i;
            while (j < d.Length && d[j] == d[i])
            {
                if (same[j])
                {
                    acceptedSame++;
                }
                else
                {
                    acceptedDifferent++;
                }

                j++;
            }

            double threshold = j < d.Length ? d[i] + ((d[j] - d[i]) / 2) : Math.BitIncrement(d[i]);
            points.Add(new RocPoint(threshold, (double)acceptedDifferent / differentTotal, (double)acceptedSame / sameTotal));
            i = j;
        }

        return [.. points];
    }

    private static (double[] Distances, bool[] IsSame) SortedFinite(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame)
    {
        var d = new List<double>(distances.Length);
        var s = new List<bool>(distances.Length);
        for (int i = 0; i < distances.Length; i++)
        {
            if (double.IsFinite(distances[i]))
            {
                d.Add(distances[i]);
                s.Add(isSame[i]);
            }
        }

        double[] keys = [.. d];
        bool[] values = [.. s];
        Array.Sort(keys, values);
        return (keys, values);
    }
}
