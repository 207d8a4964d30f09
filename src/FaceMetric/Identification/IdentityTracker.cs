using FaceMetric.Embedding;
using FaceMetric.Matching;

namespace FaceMetric.Identification;

/// <summary>
/// Incremental identity assignment for a stream of faces (a video, a photo feed): each new face joins the identity
/// chosen by a distance-weighted k-nearest-neighbour vote over every face seen so far, or opens a new identity when
/// no earlier face is under the threshold.
/// </summary>
/// <remarks>
/// <para>The vote is <see cref="FaceGallery"/>'s: neighbours under the threshold vote with weight
/// <c>exp(-(6 d / threshold)^2)</c>; the largest total wins, ties to the identity with the nearer best match.</para>
/// <para>Every face's descriptor is kept as it came; identities are never summarised by a mean descriptor (in 128
/// dimensions the means of two distinct people often fall within 0.6 of each other; see <see cref="FaceGallery"/>).
/// Assignments are final: a later face never moves an earlier one (for an offline regrouping of all faces use
/// <see cref="Clustering.FaceClusterer"/>).</para>
/// <para>Deterministic: the same stream gives the same identities. Thread-safe: calls are serialised, so faces
/// added concurrently are numbered in the order the tracker takes them.</para>
/// </remarks>
public sealed class IdentityTracker
{
    /// <summary>The default number of neighbours consulted.</summary>
    public const int DefaultNeighbors = FaceGallery.DefaultNeighbors;

    private readonly Lock _sync = new();
    private readonly DescriptorStore _store = new();
    private readonly List<List<int>> _members = [];

    /// <summary>Creates an empty tracker.</summary>
    /// <param name="threshold">The same-person distance threshold: finite, greater than 0. Default 0.6 (dlib).</param>
    /// <param name="neighbors">Neighbours consulted per face, 1 or more. Default 7.</param>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not finite and positive, or neighbors is less than 1.</exception>
    public IdentityTracker(float threshold = FaceMatcher.DefaultThreshold, int neighbors = DefaultNeighbors)
    {
        FaceMatcher.ValidateThreshold(threshold, nameof(threshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbors, 1);
        Threshold = threshold;
        Neighbors = neighbors;
    }

    /// <summary>The same-person distance threshold.</summary>
    public float Threshold { get; }

    /// <summary>Neighbours consulted per face.</summary>
    public int Neighbors { get; }

    /// <summary>The number of faces added so far.</summary>
    public int FaceCount
    {
        get
        {
            lock (_sync)
            {
                return _store.Count;
            }
        }
    }

    /// <summary>The number of identities opened so far.</summary>
    public int IdentityCount
    {
        get
        {
            lock (_sync)
            {
                return _members.Count;
            }
        }
    }

    /// <summary>Adds the next face of the stream and assigns it an identity.</summary>
    /// <param name="descriptor">The face's descriptor (kept unchanged).</param>
    /// <returns>The face's index, its identity, whether that identity is new, and the supporting distance.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="descriptor"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The tracker is full (about 16.7 million faces).</exception>
    public TrackedFace Add(FaceDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        lock (_sync)
        {
            Neighbor[] neighbors = NeighborSearch.Nearest(_store, descriptor.Values, Neighbors);
            (int identity, float distance) = NeighborVote.Decide(neighbors, _store.Labels, Threshold);
            bool isNew = identity < 0;
            if (isNew)
            {
                identity = _members.Count;
            }

            int faceIndex = _store.Count;
            _store.Add(descriptor.Values, identity);
            if (isNew)
            {
                _members.Add([]);
            }

            _members[identity].Add(faceIndex);
            return new TrackedFace(faceIndex, identity, isNew, distance);
        }
    }

    /// <summary>The faces (stream indices, ascending) assigned to an identity so far.</summary>
    /// <param name="identity">An identity, 0 .. <see cref="IdentityCount"/> - 1.</param>
    /// <returns>A snapshot the caller owns.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="identity"/> is not an identity opened so far.</exception>
    public IReadOnlyList<int> GetFaces(int identity)
    {
        lock (_sync)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(identity);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(identity, _members.Count);
            return _members[identity].ToArray();
        }
    }

    /// <summary>The identity of every face so far (index = face index).</summary>
    /// <returns>A snapshot the caller owns.</returns>
    public IReadOnlyList<int> GetAssignments()
    {
        lock (_sync)
        {
            return _store.Labels.ToArray();
        }
    }
}
