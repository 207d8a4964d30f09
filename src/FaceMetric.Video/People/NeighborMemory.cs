using FaceMetric.Identification;

namespace FaceMetric.Video.People;

/// <summary>
/// Every remembered face kept as it came, and the decision made by the core's k-nearest-neighbour vote
/// (<see cref="IdentityTracker"/>'s and <see cref="FaceGallery"/>'s: the same <c>DescriptorStore</c>,
/// <c>NeighborSearch</c> and <c>NeighborVote</c>), restricted to the persons not excluded.
/// </summary>
/// <remarks>
/// A face within <see cref="DuplicateDistance"/> of a face already remembered for the same person adds nothing a
/// vote could use (consecutive frames give near-identical descriptors) and is not stored: the store grows with the
/// variety of a person's appearances, not with the video's length.
/// </remarks>
internal sealed class NeighborMemory : IPersonMemory
{
    private readonly DescriptorStore _store = new();
    private readonly List<int> _rowsPerPerson = [];
    private readonly float _threshold;
    private readonly int _neighbors;

    public NeighborMemory(float threshold, int neighbors, float duplicateDistance)
    {
        _threshold = threshold;
        _neighbors = neighbors;
        DuplicateDistance = duplicateDistance;
    }

    /// <summary>Faces nearer than this to a stored face of the same person are not stored again.</summary>
    public float DuplicateDistance { get; }

    /// <summary>Faces stored.</summary>
    public int StoredFaces => _store.Count;

    public int PersonCount => _rowsPerPerson.Count;

    public int NewPerson()
    {
        _rowsPerPerson.Add(0);
        return _rowsPerPerson.Count - 1;
    }

    public void Add(ReadOnlySpan<float> descriptor, int person)
    {
        if (_rowsPerPerson[person] > 0 && DuplicateDistance > 0)
        {
            foreach (Neighbor n in NeighborSearch.Nearest(_store, descriptor, _store.Count))
            {
                if (n.Distance >= DuplicateDistance)
                {
                    break;
                }

                if (_store.Labels[n.Row] == person)
                {
                    return;
                }
            }
        }

        _store.Add(descriptor, person);
        _rowsPerPerson[person]++;
    }

    public (int Person, float Distance) Decide(ReadOnlySpan<float> descriptor, ReadOnlySpan<bool> excluded, Span<float> personDistances)
    {
        personDistances.Fill(float.PositiveInfinity);
        if (_store.Count == 0)
        {
            return (-1, float.PositiveInfinity);
        }

        // All rows, nearest first: gives each person's nearest face and the k nearest of the persons still allowed.
        Neighbor[] all = NeighborSearch.Nearest(_store, descriptor, _store.Count);
        ReadOnlySpan<int> labels = _store.Labels;
        var allowed = new List<Neighbor>(_neighbors);
        foreach (Neighbor n in all)
        {
            int person = labels[n.Row];
            if (float.IsPositiveInfinity(personDistances[person]))
            {
                personDistances[person] = n.Distance;
            }

            if (!excluded[person] && allowed.Count < _neighbors)
            {
                allowed.Add(n);
            }
        }

        (int label, float distance) = NeighborVote.Decide(allowed.ToArray(), labels, _threshold);
        return (label, distance);
    }
}
