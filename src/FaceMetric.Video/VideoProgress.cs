namespace FaceMetric.Video;

/// <summary>Progress of <see cref="VideoPeopleAnalyzer.AnalyzeAsync"/>, reported after each sampled frame. Immutable value.</summary>
/// <param name="SampledFrames">Sampled frames analysed so far.</param>
/// <param name="Time">Presentation time of the last analysed frame.</param>
/// <param name="Duration">The video's duration (zero when unknown).</param>
/// <param name="People">People found so far.</param>
public readonly record struct VideoProgress(int SampledFrames, TimeSpan Time, TimeSpan Duration, int People);
