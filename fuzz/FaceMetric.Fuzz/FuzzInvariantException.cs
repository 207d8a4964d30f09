namespace FaceMetric.Fuzz;

/// <summary>A reader broke its contract without throwing (a caught defect, an allocation over the bound).</summary>
public sealed class FuzzInvariantException(string message, Exception? inner = null) : Exception(message, inner);
