using Microsoft.Extensions.Logging;

namespace FaceMetric.Onnx;

/// <summary>The library's log messages about models and inference (source-generated, allocation-free when disabled).</summary>
internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Loaded model {ModelPath} in {ElapsedMs:F0} ms on {Provider} (intra-op threads {IntraOpThreads}, 0 = automatic)")]
    public static partial void ModelLoaded(ILogger logger, string modelPath, double elapsedMs, ExecutionProvider provider, int intraOpThreads);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Embedded {Count} chip(s) in {ElapsedMs:F1} ms")]
    public static partial void Embedded(ILogger logger, int count, double elapsedMs);
}
