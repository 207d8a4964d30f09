namespace FaceMetric.Evaluation;

/// <summary>One operating point of a verification ROC curve.</summary>
/// <param name="Threshold">Pairs with distance &lt; threshold are accepted as "same person".</param>
/// <param name="FalseAcceptRate">Share of mismatched pairs accepted (FAR), in [0, 1].</param>
/// <param name="TrueAcceptRate">Share of matched pairs accepted (TAR), in [0, 1].</param>
public readonly record struct RocPoint(double Threshold, double FalseAcceptRate, double TrueAcceptRate);
