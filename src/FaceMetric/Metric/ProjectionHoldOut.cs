namespace FaceMetric.Metric;

/// <summary>What <see cref="ProjectionTrainer"/> holds out to decide when to stop.</summary>
public enum ProjectionHoldOut
{
    /// <summary>Whole identities, never trained on: measures how the projection generalises to new people (the choice
    /// for large labelled sets). Needs at least four identities with two or more samples.</summary>
    Identities,

    /// <summary>Some samples of every identity with four or more samples (at least two held out, two kept): measures how
    /// well the projection separates the people it is trained on (the choice for adapting to a known set of people,
    /// such as one photo collection). Needs at least two such identities.</summary>
    Samples,
}
