namespace FaceMetric.Metric;

/// <summary>
/// A small seeded generator (Steele, Lea and Flood's SplitMix64) so that training is reproducible bit for bit on every
/// .NET version, which <see cref="Random"/> does not promise for its unseeded algorithms.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="bound"/>), by the multiply-high mapping (bias below 2⁻³²).</summary>
    public int NextInt(int bound) => (int)Math.BigMul(Next(), (ulong)bound, out _);

    /// <summary>Moves <paramref name="count"/> uniformly chosen elements to the front of <paramref name="items"/>
    /// (a partial Fisher–Yates shuffle; the rest keep an arbitrary order).</summary>
    public void ShuffleFront(Span<int> items, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int j = i + NextInt(items.Length - i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
