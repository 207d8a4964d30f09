namespace FaceMetric.Video;

/// <summary>A sampled frame the face analyzer failed on. Immutable value.</summary>
/// <param name="Frame">The frame's decoded index.</param>
/// <param name="Time">Its presentation time.</param>
/// <param name="Message">The analyzer's error message.</param>
public readonly record struct VideoFrameFailure(long Frame, TimeSpan Time, string Message);
