namespace FaceMetric.Onnx;

/// <summary>Where ONNX Runtime runs the networks.</summary>
public enum ExecutionProvider
{
    /// <summary>The CPU (default; works with the plain Microsoft.ML.OnnxRuntime package).</summary>
    Cpu = 0,

    /// <summary>
    /// An NVIDIA GPU through CUDA. Needs the Microsoft.ML.OnnxRuntime.Gpu package in place of
    /// Microsoft.ML.OnnxRuntime, and CUDA and cuDNN installed; otherwise creating a session throws
    /// <see cref="ExecutionProviderUnavailableException"/>.
    /// </summary>
    Cuda = 1,
}
