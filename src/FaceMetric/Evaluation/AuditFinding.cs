namespace FaceMetric.Evaluation;

/// <summary>
/// One problem a <see cref="LabelAudit"/> found with one labelled image, with its evidence and a score to sort by.
/// Immutable.
/// </summary>
/// <remarks>
/// <para>The score is in descriptor distance units; larger means stronger evidence that the image needs a person's
/// decision. For face findings it is a margin: <see cref="AuditFindingKind.Outlier"/> and
/// <see cref="AuditFindingKind.Split"/>: how far past the threshold the face sits from its own identity
/// (<c>max(0, OwnDistance - threshold)</c>); <see cref="AuditFindingKind.Mislabel"/>: how much nearer the other
/// identity is than its own (<c>OwnDistance - MatchDistance</c>, more than 0); <see cref="AuditFindingKind.Merge"/>:
/// how far inside the threshold the two identities sit (<c>threshold - MatchDistance</c>). <see cref="AuditFindingKind.NoFace"/>
/// and <see cref="AuditFindingKind.MultiFace"/> carry the fixed scores <see cref="LabelAudit.NoFaceScore"/> and
/// <see cref="LabelAudit.MultiFaceScore"/> (0: they say nothing about the label).</para>
/// <para>Distances are means over the (up to) three nearest faces of the group named, so one close look-alike does
/// not decide alone.</para>
/// </remarks>
public sealed class AuditFinding
{
    internal AuditFinding(
        int itemIndex, AuditItem item, AuditFindingKind kind, string? matches, double score, double? ownDistance,
        double? matchDistance, int[] ownExamples, int[] matchExamples, string reason)
    {
        ItemIndex = itemIndex;
        Id = item.Id;
        Label = item.Label;
        Kind = kind;
        Matches = matches;
        Score = score;
        OwnDistance = ownDistance;
        MatchDistance = matchDistance;
        OwnExamples = Array.AsReadOnly(ownExamples);
        MatchExamples = Array.AsReadOnly(matchExamples);
        Reason = reason;
    }

    /// <summary>The index of the image in the audited items (<see cref="LabelAuditReport.Items"/>).</summary>
    public int ItemIndex { get; }

    /// <summary>The image's id.</summary>
    public string Id { get; }

    /// <summary>The identity the image is filed under.</summary>
    public string Label { get; }

    /// <summary>What is wrong.</summary>
    public AuditFindingKind Kind { get; }

    /// <summary>The other identity the face appears to belong to or to share a person with; null when none is named.</summary>
    public string? Matches { get; }

    /// <summary>The strength of the evidence, 0 or more (see the class remarks); findings are sorted by it, highest first.</summary>
    public double Score { get; }

    /// <summary>Mean distance from the face to the nearest (up to three) faces of its identity's main cluster (or of its
    /// identity, when that has no cluster of two faces); null when there is nothing to compare with.</summary>
    public double? OwnDistance { get; }

    /// <summary>Mean distance from the face (or, for an identity-level merge, from the one identity's main cluster to the
    /// other's, over all pairs) to the faces of <see cref="Matches"/>; null when <see cref="Matches"/> is null.</summary>
    public double? MatchDistance { get; }

    /// <summary>Item indices of the nearest faces of the face's own identity (up to three, nearest first): what the face
    /// should look like if its label is right.</summary>
    public IReadOnlyList<int> OwnExamples { get; }

    /// <summary>Item indices of the nearest faces of <see cref="Matches"/> (up to three, nearest first); empty when none is named.</summary>
    public IReadOnlyList<int> MatchExamples { get; }

    /// <summary>One sentence of evidence for a reviewer, with the distances (invariant culture).</summary>
    public string Reason { get; }
}
