using FaceMetric.Embedding;
using FaceMetric.Identification;

namespace FaceMetric.Evaluation;

/// <summary>
/// Audits a labelled face dataset the way dlib's training set was cleaned: finds faces filed under the wrong person,
/// people split under one name or merged under two, and images without one clear face. Reports only: nothing is
/// changed, moved or deleted.
/// </summary>
/// <remarks>
/// <para><b>The graph.</b> One node per image (its first face); an edge joins two faces closer than
/// <see cref="LabelAuditOptions.Threshold"/> (0.6), found by one cache-blocked pass over all pairs (parallel). The
/// edges of all faces, whatever their labels, are the evidence for everything below.</para>
/// <para><b>Each identity's clusters.</b> dlib's Chinese Whispers (weight-1 edges, self-loops, default seed and 100
/// iterations) runs over the subgraph of each identity's own faces. Its <em>main cluster</em> is the largest cluster
/// (ties: more internal edges, then nearer, then first in input), provided it holds at least two faces.</para>
/// <para><b>Why not one clustering of all faces.</b> Clustering every face at once and reading labels off the clusters
/// works on a few people (dlib's examples: 4 or 5) but not on thousands: at 0.6 about 0.6% of pairs of different
/// people are edges (dlib's LFW View 1 descriptors), so 4,992 LFW faces of 3,095 people form one chained cluster of
/// 3,131 faces. Membership is therefore reasoned per identity, and another identity is named only when most of its
/// main cluster lies within the threshold of the face.</para>
/// <para><b>Findings</b> (see <see cref="AuditFinding"/> for the scores):</para>
/// <list type="bullet">
/// <item><see cref="AuditFindingKind.Mislabel"/>: a face outside its identity's main cluster that is within the threshold
/// of more than half of another identity's main cluster (two faces or more) and nearer to it (mean over the three
/// nearest) than to its own identity; the nearest such identity is named. When the face's identity has no main cluster
/// (its faces are all apart, so its own evidence cannot say which is wrong), the face must also be no farther from the
/// other cluster, on average, than that cluster's least typical member is from the rest.</item>
/// <item><see cref="AuditFindingKind.Split"/>: a face in a second cluster of two or more faces of its identity that no
/// other identity claims.</item>
/// <item><see cref="AuditFindingKind.Outlier"/>: any other face outside its identity's main cluster, and both faces of a
/// two-face identity whose faces are not joined (neither can be preferred).</item>
/// <item><see cref="AuditFindingKind.Merge"/>: the core groups of two identities (main clusters, or the single face of
/// a one-face identity; two one-face identities never) have at least half of their cross pairs within the threshold, are
/// on average no farther apart than the members of the looser group are from each other (mean cross distance at most
/// the larger mean within-group distance), and Chinese Whispers over the two groups alone puts most of each in one
/// cluster. The faces of the smaller group are flagged, naming the larger; a flagged group names only its nearest such
/// identity (a person has one other name at most, and look-alike crowds would otherwise name many). Also every face within <see cref="LabelAuditOptions.NearDuplicateDistance"/> of a face of another
/// identity (one photo, or one person, filed under two names), unless its twin is already a mislabel naming the face's
/// identity.</item>
/// <item><see cref="AuditFindingKind.NoFace"/> / <see cref="AuditFindingKind.MultiFace"/>: from the items' face counts.</item>
/// </list>
/// <para>Deterministic: the same items in the same order give the same report. Thread-safe (each call owns its
/// state). Cost: one pass over all pairs plus per-identity work; the 4,992 faces of LFW View 1 take about 0.2 s on two cores
/// (<c>AuditBenchmarks</c>).</para>
/// </remarks>
public static partial class LabelAudit
{
    /// <summary>
    /// The score of a <see cref="AuditFindingKind.NoFace"/> finding: 0. The image says nothing about its label (the
    /// detector found no face, which needs no judgement: the image cannot be used), so it sorts after every face finding
    /// with evidence.
    /// </summary>
    public const double NoFaceScore = 0;

    /// <summary>
    /// The score of a <see cref="AuditFindingKind.MultiFace"/> finding: 0, for the same reason; when the first face is
    /// not the labelled person, its own face finding (mislabel, outlier) carries the evidence.
    /// </summary>
    public const double MultiFaceScore = 0;

    /// <summary>Audits labelled images.</summary>
    /// <param name="items">The images with their claimed identities; may be empty. Labels are compared ordinally.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="cancellationToken">Checked between the audit's stages (graph, clusters, each kind of finding).</param>
    /// <returns>The findings, highest score first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or an item is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static LabelAuditReport Audit(IReadOnlyList<AuditItem> items, LabelAuditOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        options ??= new LabelAuditOptions();
        options.Validate();
        var copy = new AuditItem[items.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = items[i] ?? throw new ArgumentNullException(nameof(items), $"Item {i} is null.");
        }

        return new AuditEngine(Array.AsReadOnly(copy), options).Run(cancellationToken);
    }

    /// <summary>
    /// Audits a gallery's contents, e.g. before saving it. Each enrolled descriptor is one item with one face; its id
    /// is <c>label#k</c>, the k-th face enrolled under that label (1-based, in enrolment order). The gallery's own
    /// threshold is used unless <paramref name="options"/> is given.
    /// </summary>
    /// <param name="gallery">The gallery; read under its lock, then released (the audit works on a copy).</param>
    /// <param name="options">Settings; null for the defaults with the gallery's threshold.</param>
    /// <param name="cancellationToken">Checked between the audit's stages.</param>
    /// <returns>The findings, highest score first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gallery"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The gallery was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static LabelAuditReport Audit(FaceGallery gallery, LabelAuditOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gallery);
        options ??= new LabelAuditOptions { Threshold = gallery.Threshold };
        var (labels, rows) = gallery.Snapshot();
        var items = new AuditItem[labels.Length];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++)
        {
            int k = counts.GetValueOrDefault(labels[i]) + 1;
            counts[labels[i]] = k;
            var descriptor = new FaceDescriptor(rows.AsSpan(i * FaceDescriptor.Length, FaceDescriptor.Length));
            items[i] = new AuditItem(labels[i], $"{labels[i]}#{k}", descriptor);
        }

        return Audit(items, options, cancellationToken);
    }
}
