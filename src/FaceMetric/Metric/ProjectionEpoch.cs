namespace FaceMetric.Metric;

/// <summary>
/// What one epoch of <see cref="ProjectionTrainer"/> measured, at the end of the epoch; epoch 0 describes the initial
/// weights. Reported through <see cref="IProgress{T}"/> and kept in <see cref="ProjectionTrainingResult.History"/>.
/// </summary>
/// <param name="Epoch">0 for the initial weights, then 1, 2, …</param>
/// <param name="LearningRate">The learning rate the epoch trained with (for epoch 0, the initial rate).</param>
/// <param name="TrainLoss">The loss on the fixed training evaluation set (one batch of up to
/// <see cref="ProjectionTrainerOptions.EvaluationSamples"/> training samples).</param>
/// <param name="HeldOutLoss">The loss on the fixed held-out evaluation set; early stopping watches it.</param>
/// <param name="HeldOutPairAccuracy">Balanced accuracy of the held-out pairs at the distance threshold: the mean of the
/// share of matching pairs closer than the threshold and the share of non-matching pairs not closer. In [0, 1].</param>
/// <param name="IsBest">True when this epoch set a new best held-out loss (epoch 0 is the first best).</param>
public readonly record struct ProjectionEpoch(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    double HeldOutLoss,
    double HeldOutPairAccuracy,
    bool IsBest);
