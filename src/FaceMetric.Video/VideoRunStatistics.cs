namespace FaceMetric.Video;

/// <summary>How a run spent its time and memory. Immutable value.</summary>
/// <param name="Elapsed">Wall time of the whole run, probe included.</param>
/// <param name="Analysis">Time spent analysing frames (detection, landmarks, descriptors) and assigning faces.</param>
/// <param name="WaitingForFrames">Time the analysis waited for the decoder (the decoder was the bottleneck).</param>
/// <param name="FrameBuffers">Frame buffers allocated (the pool's bound: queue capacity + 2).</param>
/// <param name="FrameBytes">Bytes per frame buffer.</param>
/// <param name="RememberedFaces">Descriptors the person memory held at the end.</param>
/// <param name="ShotCuts">Cuts seen between consecutive sampled frames (<see cref="VideoPeopleOptions.ShotCutDifference"/>).</param>
public readonly record struct VideoRunStatistics(TimeSpan Elapsed, TimeSpan Analysis, TimeSpan WaitingForFrames, int FrameBuffers, int FrameBytes, int RememberedFaces, int ShotCuts);
