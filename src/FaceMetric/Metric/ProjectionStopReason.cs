namespace FaceMetric.Metric;

/// <summary>Why <see cref="ProjectionTrainer"/> stopped.</summary>
public enum ProjectionStopReason
{
    /// <summary>It ran <see cref="ProjectionTrainerOptions.MaxEpochs"/> epochs.</summary>
    MaxEpochs,

    /// <summary>The held-out loss did not improve for <see cref="ProjectionTrainerOptions.EarlyStoppingEpochs"/> epochs.</summary>
    EarlyStopped,

    /// <summary>The learning rate shrank below <see cref="ProjectionTrainerOptions.MinLearningRate"/>.</summary>
    LearningRateBelowMinimum,
}
