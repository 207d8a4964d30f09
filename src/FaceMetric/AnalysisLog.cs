using Microsoft.Extensions.Logging;

namespace FaceMetric;

/// <summary>The log messages of <see cref="FaceAnalyzer"/> (source-generated, allocation-free when disabled).</summary>
internal static partial class AnalysisLog
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Face skipped in image {Image} (box {Box}): {Reason}")]
    public static partial void FaceSkipped(ILogger logger, int image, string box, string reason);
}
