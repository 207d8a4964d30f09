using Microsoft.ML.OnnxRuntime;

namespace FaceMetric.Onnx;

/// <summary>
/// ONNX Runtime settings shared by FaceMetric's inference objects.
/// </summary>
/// <remarks>
/// Defaults: ONNX Runtime chooses the intra-op thread count (one per physical core), inter-op 1, full graph
/// optimisation (<see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/>, whose NCHWc layout transform is worth
/// 1.3-1.4x on the recognition ResNet over EXTENDED). Immutable; share one instance freely.
/// </remarks>
public sealed record InferenceOptions
{
    /// <summary>The defaults: CPU, ONNX Runtime's thread counts, full graph optimisation.</summary>
    public static InferenceOptions Default { get; } = new();

    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime decide. Must be 0 or more. The HOG detector (no ONNX
    /// session) reads it as the most pyramid levels one call scans at once; 0: one per core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads used across independent operators; 0 lets ONNX Runtime decide. Must be 0 or more.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph optimisation level; default <see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/>.</summary>
    public GraphOptimizationLevel GraphOptimization { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Where the networks run; default <see cref="ExecutionProvider.Cpu"/>.</summary>
    public ExecutionProvider ExecutionProvider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>The CUDA device index when <see cref="ExecutionProvider"/> is <see cref="ExecutionProvider.Cuda"/>; 0 or more.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>
    /// Whether the sessions that keep a CPU memory arena (the embedder, the landmark net, the SSD and CNN detectors)
    /// share one, registered in ONNX Runtime's environment, instead of one each. Default true: each session's own arena
    /// keeps the largest activations it has ever held, so a process running several networks held the sum of their
    /// peaks (123 photos, default front end: peak memory 647 MB shared against 710 MB apart, same speed and output).
    /// </summary>
    /// <remarks>
    /// The arena replaces the environment's shared CPU allocator once per process, the first time a session is opened
    /// with this setting on; sessions that the application itself opens with <c>session.use_env_allocators</c> would then
    /// use it too. Set false to leave ONNX Runtime's environment as the application configured it.
    /// </remarks>
    public bool ShareCpuArena { get; init; } = true;

    /// <summary>Whether a session opened with these options (with or without an arena) allocates from the shared arena.</summary>
    internal bool SharesCpuArena(bool memoryArena) => memoryArena && ShareCpuArena;

    internal SessionOptions CreateSessionOptions(bool memoryArena = false)
    {
        if (IntraOpThreads < 0 || InterOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), "Thread counts must be 0 (automatic) or more.");
        }

        OnnxTelemetryOptOut.Ensure();
        var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimization,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            EnableCpuMemArena = memoryArena,
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = InterOpThreads,
        };
        SharedCpuArena.Apply(so, SharesCpuArena(memoryArena));
        if (ExecutionProvider == ExecutionProvider.Cuda)
        {
            try
            {
                so.AppendExecutionProvider_CUDA(CudaDeviceId);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException or TypeInitializationException)
            {
                so.Dispose();
                throw new ExecutionProviderUnavailableException(
                    ExecutionProvider.Cuda,
                    "The CUDA execution provider is not available: reference Microsoft.ML.OnnxRuntime.Gpu instead of " +
                    $"Microsoft.ML.OnnxRuntime and install CUDA 12 and cuDNN 9 (device {CudaDeviceId}). ONNX Runtime said: {e.Message}",
                    e);
            }
        }

        return so;
    }
}
