namespace FaceMetric.Evaluation;

/// <summary>What a <see cref="LabelAudit"/> finding says about a labelled image.</summary>
public enum AuditFindingKind
{
    /// <summary>The face sits outside its identity's main Chinese Whispers cluster, and no other identity claims it.</summary>
    Outlier,

    /// <summary>The face sits outside its identity's main cluster and within the threshold of most of another identity's main cluster, nearer to it than to its own.</summary>
    Mislabel,

    /// <summary>The face belongs to a second dense cluster of its identity (two or more faces): possibly two people under one name.</summary>
    Split,

    /// <summary>The face's identity clusters together with another identity, or the face is a near-duplicate of another identity's face: possibly one person under two names, or one photo filed twice.</summary>
    Merge,

    /// <summary>The image has no detected face.</summary>
    NoFace,

    /// <summary>The image has several faces where one is expected (the first, for photos read by FaceMetric the one nearest the centre, was taken as the labelled one).</summary>
    MultiFace,
}
