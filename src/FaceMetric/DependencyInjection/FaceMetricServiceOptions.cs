using FaceMetric.Matching;

namespace FaceMetric.DependencyInjection;

/// <summary>
/// What <see cref="Microsoft.Extensions.DependencyInjection.FaceMetricServiceCollectionExtensions.AddFaceMetric"/>
/// registers, set in its configuration callback: the analyzer's own options (the same record
/// <c>new FaceAnalyzer(options)</c> takes, so both build the same pipeline) plus what only the container needs.
/// </summary>
public sealed class FaceMetricServiceOptions
{
    /// <summary>The pipeline: detector, landmarks, embedder, model location, inference settings, image limits.</summary>
    public FaceAnalyzerOptions Analyzer { get; set; } = new();

    /// <summary>The verification threshold of the registered <see cref="FaceMatcher"/>; default 0.6 (dlib's rule).</summary>
    public float MatchThreshold { get; set; } = FaceMatcher.DefaultThreshold;
}
