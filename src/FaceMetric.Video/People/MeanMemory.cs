using System.Numerics.Tensors;

namespace FaceMetric.Video.People;

/// <summary>
/// One running mean descriptor per person, and the nearest mean under the threshold wins: the tracker the original
/// question proposed ("average a person's descriptors over ~50 frames"). Not used by the library's API: it exists so
/// the averaging can be measured side by side with <see cref="NeighborMemory"/> on the same video and the same rules.
/// </summary>
internal sealed class MeanMemory : IPersonMemory
{
    private const int Dimension = FaceMetric.Embedding.FaceDescriptor.Length;
    private readonly List<double[]> _sums = [];
    private readonly List<int> _counts = [];
    private readonly float _threshold;

    public MeanMemory(float threshold) => _threshold = threshold;

    public int PersonCount => _sums.Count;

    public int NewPerson()
    {
        _sums.Add(new double[Dimension]);
        _counts.Add(0);
        return _sums.Count - 1;
    }

    public void Add(ReadOnlySpan<float> descriptor, int person)
    {
        double[] sum = _sums[person];
        for (int i = 0; i < Dimension; i++)
        {
            sum[i] += descriptor[i];
        }

        _counts[person]++;
    }

    public (int Person, float Distance) Decide(ReadOnlySpan<float> descriptor, ReadOnlySpan<bool> excluded, Span<float> personDistances)
    {
        Span<float> mean = stackalloc float[Dimension];
        int best = -1;
        float bestDistance = float.PositiveInfinity;
        for (int p = 0; p < _sums.Count; p++)
        {
            personDistances[p] = float.PositiveInfinity;
            if (_counts[p] == 0)
            {
                continue;
            }

            for (int i = 0; i < Dimension; i++)
            {
                mean[i] = (float)(_sums[p][i] / _counts[p]);
            }

            float d = TensorPrimitives.Distance(descriptor, mean);
            personDistances[p] = d;
            if (!excluded[p] && d < bestDistance)
            {
                best = p;
                bestDistance = d;
            }
        }

        return bestDistance < _threshold ? (best, bestDistance) : (-1, bestDistance);
    }
}
