namespace FaceMetric.Metric;

/// <summary>
/// Draws metric-learning mini-batches of P identities × K samples: P distinct identities chosen uniformly, then
/// K distinct samples of each (all of them when an identity has fewer than K). Every identity given here has at least
/// two samples, so every batch of two or more identities holds both matching and non-matching pairs.
/// </summary>
internal sealed class IdentityBatchSampler
{
    private readonly int[] _identities;
    private readonly int[][] _samplesByIdentity;
    private readonly int _peoplePerBatch;
    private readonly int _samplesPerPerson;
    private readonly SplitMix64 _random;

    /// <param name="samplesByIdentity">Sample indices of each identity (each ≥ 2), copied.</param>
    /// <param name="peoplePerBatch">P; clamped to the number of identities.</param>
    /// <param name="samplesPerPerson">K ≥ 2.</param>
    /// <param name="random">The generator; the sampler draws from it.</param>
    public IdentityBatchSampler(IReadOnlyList<int[]> samplesByIdentity, int peoplePerBatch, int samplesPerPerson, SplitMix64 random)
    {
        _samplesByIdentity = samplesByIdentity.Select(s => (int[])s.Clone()).ToArray();
        _identities = Enumerable.Range(0, _samplesByIdentity.Length).ToArray();
        _peoplePerBatch = Math.Min(peoplePerBatch, _identities.Length);
        _samplesPerPerson = samplesPerPerson;
        _random = random;
        MaxBatchSize = _peoplePerBatch * _samplesPerPerson;
    }

    /// <summary>The largest batch <see cref="Next"/> can return.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Fills <paramref name="samples"/> and <paramref name="labels"/> (identity ordinals) and returns the count.</summary>
    public int Next(Span<int> samples, Span<int> labels)
    {
        _random.ShuffleFront(_identities, _peoplePerBatch);
        int count = 0;
        for (int p = 0; p < _peoplePerBatch; p++)
        {
            int identity = _identities[p];
            int[] pool = _samplesByIdentity[identity];
            int take = Math.Min(_samplesPerPerson, pool.Length);
            _random.ShuffleFront(pool, take);
            for (int k = 0; k < take; k++)
            {
                samples[count] = pool[k];
                labels[count] = identity;
                count++;
            }
        }

        return count;
    }
}
