namespace FaceMetric.Video.Decoding;

/// <summary>
/// One decoded, selected frame: packed RGB24 pixels in a pooled buffer, its decoded index and its presentation time.
/// The consumer returns the buffer to the pool when done (<see cref="FramePool.Return"/>).
/// </summary>
/// <param name="Index">The frame's index among all decoded frames of the stream (0-based).</param>
/// <param name="Time">The frame's presentation timestamp from the container (ffmpeg's <c>pts_time</c>).</param>
/// <param name="Pixels">The pooled buffer; its first width x height x 3 bytes are the frame.</param>
internal sealed record VideoFrame(long Index, TimeSpan Time, byte[] Pixels);
