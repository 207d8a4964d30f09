using FaceMetric.Detection;

namespace FaceMetric.Video;

/// <summary>One face found in one sampled frame, and who it was assigned to. Immutable value.</summary>
/// <param name="Frame">The frame's index among all decoded frames of the video (0-based).</param>
/// <param name="Time">The frame's presentation timestamp from the container.</param>
/// <param name="Box">The detector's box (frame pixels) and score.</param>
/// <param name="PersonId">The <see cref="VideoPerson.Id"/> it was assigned to.</param>
/// <param name="Distance">
/// The distance that decided it: to the nearest remembered face of that person (k-NN), or +infinity for the face
/// that opened a new person.
/// </param>
/// <param name="ByContinuity">True when box continuity with the previous sampled frame decided it (see <see cref="VideoPeopleAnalyzer"/>).</param>
/// <param name="Frontality">How frontal the face is, in [0, 1] (1: nose midway between the eyes' outer corners).</param>
public readonly record struct VideoDetection(long Frame, TimeSpan Time, DetectedFace Box, string PersonId, float Distance, bool ByContinuity, float Frontality);
