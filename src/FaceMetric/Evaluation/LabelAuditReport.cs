namespace FaceMetric.Evaluation;

/// <summary>The result of a <see cref="LabelAudit"/>: the audited items and the findings, highest score first. Immutable.</summary>
public sealed class LabelAuditReport
{
    internal LabelAuditReport(IReadOnlyList<AuditItem> items, IReadOnlyList<AuditFinding> findings, LabelAuditOptions options, int identityCount, int faceCount)
    {
        Items = items;
        Findings = findings;
        Options = options;
        IdentityCount = identityCount;
        FaceCount = faceCount;
    }

    /// <summary>The audited items, in input order (findings refer to them by index).</summary>
    public IReadOnlyList<AuditItem> Items { get; }

    /// <summary>
    /// The findings, sorted by score (highest first), then by item index, then by kind. An image may have more than
    /// one (for example <see cref="AuditFindingKind.MultiFace"/> and <see cref="AuditFindingKind.Mislabel"/>); an image
    /// without findings looked right.
    /// </summary>
    public IReadOnlyList<AuditFinding> Findings { get; }

    /// <summary>The settings used.</summary>
    public LabelAuditOptions Options { get; }

    /// <summary>The number of distinct labels.</summary>
    public int IdentityCount { get; }

    /// <summary>The number of items with at least one face (the nodes of the graph).</summary>
    public int FaceCount { get; }
}
