namespace FaceMetric.Video;

/// <summary>One stretch of time a person is on screen. Immutable value.</summary>
/// <param name="Start">Presentation time of the person's first sampled face in the stretch.</param>
/// <param name="End">Presentation time of the last one (equal to <paramref name="Start"/> for a single frame).</param>
public readonly record struct VideoSegment(TimeSpan Start, TimeSpan End);
