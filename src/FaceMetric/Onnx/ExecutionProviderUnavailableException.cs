namespace FaceMetric.Onnx;

/// <summary>The execution provider asked for in <see cref="InferenceOptions"/> cannot be used on this machine or with the referenced ONNX Runtime package.</summary>
public sealed class ExecutionProviderUnavailableException : FaceMetricException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider that was asked for.</param>
    /// <param name="message">What is missing and how to fix it.</param>
    /// <param name="innerException">ONNX Runtime's own error.</param>
    public ExecutionProviderUnavailableException(ExecutionProvider provider, string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = provider;
    }

    /// <summary>The provider that was asked for.</summary>
    public ExecutionProvider Provider { get; }
}
