namespace FaceMetric;

/// <summary>
/// A model file is missing, unreadable, corrupt, or not the kind of model the caller asked for. The message names
/// the file and the reason.
/// </summary>
public sealed class FaceModelException : FaceMetricException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="modelPath">The model file concerned.</param>
    /// <param name="reason">Why it cannot be used.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public FaceModelException(string modelPath, string reason, Exception? innerException = null)
        : base($"Model '{modelPath}': {reason}", innerException)
    {
        ModelPath = modelPath;
    }

    /// <summary>The model file concerned.</summary>
    public string ModelPath { get; }
}
