namespace FaceMetric.People;

/// <summary>The kinds of entries in the append-only <c>corrections</c> log (stored as their lower-case names).</summary>
internal enum CorrectionKind
{
    /// <summary>A person was named (or renamed).</summary>
    Name,

    /// <summary>One person was merged into another.</summary>
    Merge,

    /// <summary>Faces were split off a person into a new one.</summary>
    Split,

    /// <summary>One face was moved to a person (or to a new one).</summary>
    Move,

    /// <summary>One face was marked as not a person.</summary>
    Not,

    /// <summary>A full re-cluster (not a user correction; logged so the history is complete).</summary>
    Recluster,
}
