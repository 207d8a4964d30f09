using System.Text;
using FaceMetric.Embedding;
using FaceMetric.Matching;

namespace FaceMetric.Identification;

/// <summary>
/// A searchable set of labelled face descriptors: enroll many faces per person, then identify probes by
/// distance-weighted k-nearest-neighbour vote with dlib's "same person under 0.6" rule, or list their nearest faces.
/// </summary>
/// <remarks>
/// <para><b>Storage.</b> Every enrolled descriptor is kept, unchanged, in one contiguous float block (growing by
/// doubling) and searched exactly by a SIMD scan; there is no index and no approximation.</para>
/// <para><b>Why faces are never averaged into one descriptor per person.</b> dlib's network maps a person to a
/// ball of radius about 0.6, not to a point. In 128 dimensions the mean of a set lies much closer to everything
/// than its members do (the spread of the members cancels), so the centroids of two people whose faces are all
/// more than 0.6 apart often fall within 0.6 of each other, and a centroid accepts faces of other people that no
/// single enrolled face would match. Keeping each face and voting among the nearest ones keeps the rule dlib was
/// trained for. Measured on dlib's own LFW View 1 descriptors (1,165 people with 2+ images, leave-one-out): of the
/// pairs of people whose faces never come within 0.6 of each other, 3.4% have centroids within 0.6; one mean per
/// person identifies 92.4% of faces correctly (7.6% wrongly) where k-NN identifies 93.7% (6.3% wrongly).</para>
/// <para><b>Identification.</b> The k nearest enrolled faces are found; those strictly under <see cref="Threshold"/>
/// vote for their label with weight <c>exp(-(6 d / threshold)^2)</c> (a Gaussian of width 0.1 at 0.6): sharp on
/// purpose, so one clearly nearer face outweighs any number of farther ones and numbers only decide between matches
/// a few hundredths apart. The largest total wins, ties going to the label whose best match is nearer. If even the
/// nearest face is not under the threshold the probe is unknown. With k = 1 this is plain nearest neighbour.</para>
/// <para><b>Thread-safety.</b> All members are thread-safe: searches run concurrently with each other; enrolment
/// and removal take an exclusive lock and wait for running searches. Dispose releases the lock; a disposed gallery
/// throws <see cref="ObjectDisposedException"/>.</para>
/// <para><b>Files.</b> <see cref="Save(string)"/> writes a versioned binary format atomically; <see cref="Load"/> checks
/// it completely before returning (see <see cref="Save(string)"/> for the layout).</para>
/// </remarks>
public sealed partial class FaceGallery : IDisposable
{
    /// <summary>The default number of neighbours consulted by <see cref="Identify(FaceDescriptor, int)"/>.</summary>
    public const int DefaultNeighbors = 7;

    /// <summary>
    /// How many probes the batched <see cref="Identify(IReadOnlyList{FaceDescriptor}, int, IProgress{int}, CancellationToken)"/>
    /// searches between progress reports and cancellation checks.
    /// </summary>
    public const int IdentifyBlock = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly DescriptorStore _store;
    private readonly List<string> _labelNames;
    private readonly List<int> _labelCounts;
    private readonly Dictionary<string, int> _labelIds;

    /// <summary>Creates an empty gallery.</summary>
    /// <param name="threshold">The same-person distance threshold: finite, greater than 0. Default 0.6 (dlib).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not finite and positive.</exception>
    public FaceGallery(float threshold = FaceMatcher.DefaultThreshold)
        : this(threshold, new DescriptorStore(), [], [])
    {
    }

    /// <summary>Adopts validated contents (used by <see cref="Load"/>).</summary>
    private FaceGallery(float threshold, DescriptorStore store, List<string> labelNames, List<int> labelCounts)
    {
        FaceMatcher.ValidateThreshold(threshold, nameof(threshold));
        Threshold = threshold;
        _store = store;
        _labelNames = labelNames;
        _labelCounts = labelCounts;
        _labelIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labelNames.Count; i++)
        {
            _labelIds.Add(labelNames[i], i);
        }
    }

    /// <summary>The same-person distance threshold (finite, greater than 0).</summary>
    public float Threshold { get; }

    /// <summary>The number of enrolled descriptors.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _store.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>The number of distinct labels (people).</summary>
    public int LabelCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _labelNames.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>A snapshot of the labels, in order of first enrolment.</summary>
    /// <returns>A new list the caller owns.</returns>
    public IReadOnlyList<string> GetLabels()
    {
        _lock.EnterReadLock();
        try
        {
            return _labelNames.ToArray();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>How many descriptors are enrolled under a label.</summary>
    /// <param name="label">A label (compared ordinally).</param>
    /// <returns>The count; 0 for a label that is not enrolled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    public int CountOf(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        _lock.EnterReadLock();
        try
        {
            return _labelIds.TryGetValue(label, out int id) ? _labelCounts[id] : 0;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Enrolls one face under a label (a new label is created on first use).</summary>
    /// <param name="label">A non-empty label of valid Unicode (it must round-trip through UTF-8).</param>
    /// <param name="descriptor">The face's descriptor (stored as is, never merged with others).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The label is empty or not valid Unicode.</exception>
    /// <exception cref="InvalidOperationException">The gallery is full (about 16.7 million descriptors).</exception>
    public void Enroll(string label, FaceDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Enroll(label, [descriptor]);
    }

    /// <summary>Enrolls several faces under one label, all or none.</summary>
    /// <param name="label">A non-empty label of valid Unicode (it must round-trip through UTF-8).</param>
    /// <param name="descriptors">The faces' descriptors; may be empty (then nothing changes and no label is created).</param>
    /// <exception cref="ArgumentNullException">An argument or an item is null.</exception>
    /// <exception cref="ArgumentException">The label is empty or not valid Unicode.</exception>
    /// <exception cref="InvalidOperationException">The gallery would exceed its capacity; nothing was enrolled.</exception>
    public void Enroll(string label, IEnumerable<FaceDescriptor> descriptors)
    {
        ValidateLabel(label);
        ArgumentNullException.ThrowIfNull(descriptors);
        FaceDescriptor[] items = descriptors.ToArray();
        foreach (FaceDescriptor item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(descriptors));
        }

        if (items.Length == 0)
        {
            return;
        }

        _lock.EnterWriteLock();
        try
        {
            _store.EnsureCapacity((long)_store.Count + items.Length);
            if (!_labelIds.TryGetValue(label, out int id))
            {
                id = _labelNames.Count;
                _labelNames.Add(label);
                _labelCounts.Add(0);
                _labelIds.Add(label, id);
            }

            foreach (FaceDescriptor item in items)
            {
                _store.Add(item.Values, id);
            }

            _labelCounts[id] += items.Length;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes a label and every descriptor enrolled under it (O(n): the block is compacted in order).</summary>
    /// <param name="label">The label (compared ordinally).</param>
    /// <returns>True when the label was enrolled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    public bool Remove(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        _lock.EnterWriteLock();
        try
        {
            if (!_labelIds.TryGetValue(label, out int id))
            {
                return false;
            }

            _store.RemoveLabel(id);
            _labelNames.RemoveAt(id);
            _labelCounts.RemoveAt(id);
            _labelIds.Remove(label);
            for (int i = id; i < _labelNames.Count; i++)
            {
                _labelIds[_labelNames[i]] = i;
            }

            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Identifies one probe by k-nearest-neighbour vote (see the class remarks).</summary>
    /// <param name="probe">The probe's descriptor.</param>
    /// <param name="k">Neighbours consulted, 1 or more (default 7). With k = 1: nearest neighbour.</param>
    /// <returns>The label, or unknown, and the winner's best distance (see <see cref="FaceIdentification"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="probe"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public FaceIdentification Identify(FaceDescriptor probe, int k = DefaultNeighbors)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return Identify(probe.Values, k, excludedRow: -1);
    }

    /// <summary>
    /// Identifies many probes at once with the cache-blocked kernel (faster than one call per probe from about a
    /// hundred probes up; parallel over blocks of probes). Gives the same answers as one
    /// <see cref="Identify(FaceDescriptor, int)"/> per probe, up to float rounding between neighbours tied within ~1e-6.
    /// </summary>
    /// <param name="probes">The probes; may be empty.</param>
    /// <param name="k">Neighbours consulted, 1 or more (default 7).</param>
    /// <param name="progress">Optional: receives the number of probes identified so far, after each block of probes.</param>
    /// <param name="cancellationToken">Checked before each block of <see cref="IdentifyBlock"/> probes.</param>
    /// <returns>One result per probe, in order.</returns>
    /// <exception cref="ArgumentNullException">The list or an item is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public IReadOnlyList<FaceIdentification> Identify(
        IReadOnlyList<FaceDescriptor> probes, int k = DefaultNeighbors, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        float[] queries = new float[(long)probes.Count * FaceDescriptor.Length];
        for (int i = 0; i < probes.Count; i++)
        {
            FaceDescriptor probe = probes[i] ?? throw new ArgumentNullException(nameof(probes), $"Probe {i} is null.");
            probe.CopyTo(queries.AsSpan(i * FaceDescriptor.Length, FaceDescriptor.Length));
        }

        var results = new FaceIdentification[probes.Count];
        _lock.EnterReadLock();
        try
        {
            for (int first = 0; first < results.Length; first += IdentifyBlock)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(IdentifyBlock, results.Length - first);
                float[] block = first == 0 && count == results.Length
                    ? queries
                    : queries.AsSpan(first * FaceDescriptor.Length, count * FaceDescriptor.Length).ToArray();
                Neighbor[][] neighbors = NeighborSearch.NearestBatch(_store, block, count, k);
                for (int i = 0; i < count; i++)
                {
                    results[first + i] = Decide(neighbors[i]);
                }

                progress?.Report(first + count);
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return results;
    }

    /// <summary>The nearest enrolled faces to a probe, nearest first (ties: earlier enrolment first).</summary>
    /// <param name="probe">The probe's descriptor.</param>
    /// <param name="topK">How many faces to return at most, 1 or more.</param>
    /// <returns>min(topK, Count) neighbours with their labels and exact distances.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="probe"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="topK"/> is less than 1.</exception>
    public IReadOnlyList<GalleryNeighbor> Search(FaceDescriptor probe, int topK)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        _lock.EnterReadLock();
        try
        {
            Neighbor[] neighbors = NeighborSearch.Nearest(_store, probe.Values, topK);
            return Array.ConvertAll(neighbors, n => new GalleryNeighbor(_labelNames[_store.Labels[n.Row]], n.Distance));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Releases the lock. Idempotent; other members then throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _lock.Dispose();

    /// <summary>Identify with one stored row left out (leave-one-out evaluation); -1 leaves nothing out.</summary>
    internal FaceIdentification Identify(ReadOnlySpan<float> probe, int k, int excludedRow)
    {
        _lock.EnterReadLock();
        try
        {
            return Decide(NeighborSearch.Nearest(_store, probe, k, excludedRow));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The vote on sorted neighbours; the caller holds the read lock.</summary>
    private FaceIdentification Decide(ReadOnlySpan<Neighbor> neighbors)
    {
        (int label, float distance) = NeighborVote.Decide(neighbors, _store.Labels, Threshold);
        return new FaceIdentification(label < 0 ? null : _labelNames[label], distance);
    }

    private static void ValidateLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.Length == 0)
        {
            throw new ArgumentException("A label must not be empty.", nameof(label));
        }

        try
        {
            _ = StrictUtf8.GetByteCount(label);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("A label must be valid Unicode (it contains a lone surrogate).", nameof(label), e);
        }
    }
}
