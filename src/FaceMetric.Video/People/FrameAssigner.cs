using FaceMetric.Detection;

namespace FaceMetric.Video.People;

/// <summary>
/// Assigns the faces of one sampled frame to persons: by the memory's decision (k-NN), helped by box continuity
/// with the previous sampled frame, under the rule that two faces of one frame are never the same person.
/// </summary>
/// <remarks>
/// <para><b>Continuity.</b> A face whose box overlaps (intersection over union at least
/// <see cref="VideoPeopleOptions.ContinuityOverlap"/>) the box person P had in the previous sampled frame is evidence
/// for P: the face joins P when P's nearest remembered face, or P's face in the previous frame, is under
/// <see cref="VideoPeopleOptions.ContinuityThreshold"/> (looser than the same-person threshold, for the turned or
/// blurred faces of a moving head) and either not farther than the memory's own choice by more than
/// <see cref="VideoPeopleOptions.ContinuityMargin"/> or the memory's choice is itself doubtful (at or beyond
/// <see cref="VideoPeopleOptions.RememberDistance"/>). Otherwise the memory's choice stands. Continuity never crosses a
/// shot cut (<see cref="VideoPeopleOptions.ShotCutDifference"/>): the analyzer passes no previous frame then. Boxes never join a
/// person on their own: a cut to another shot with a face in the same place still needs the descriptor.</para>
/// <para><b>Conflicts.</b> Faces are decided together: each face's choice is computed with the persons already
/// taken in this frame excluded, the most certain face (smallest distance) is fixed first, and the others are
/// decided again. So when two faces want the same person, the nearer keeps it and the other goes to its next
/// choice or opens a new person. Each face that matches nobody opens its own new person.</para>
/// <para>The frame's faces are remembered only after the whole frame is assigned, so they never vote for each other,
/// and only when they opened their person or lie within <see cref="VideoPeopleOptions.RememberDistance"/> of one of
/// its remembered faces. Faces less frontal than <see cref="VideoPeopleOptions.MinRememberedFrontality"/> (profiles) are assigned but never
/// remembered: a profile's descriptor lies near other people's profiles and would pull them into its person.</para>
/// </remarks>
internal sealed class FrameAssigner
{
    private readonly IPersonMemory _memory;
    private readonly VideoPeopleOptions _options;

    public FrameAssigner(IPersonMemory memory, VideoPeopleOptions options)
    {
        _memory = memory;
        _options = options;
    }

    /// <summary>One face's decision.</summary>
    /// <param name="Person">The person (or -1 before a new one is opened).</param>
    /// <param name="Distance">The decision's distance (the vote's, or the continuity distance).</param>
    /// <param name="ByContinuity">Decided by box continuity rather than by the vote.</param>
    /// <param name="IsNew">The face opened a new person.</param>
    /// <param name="MemoryDistance">The distance to the person's nearest remembered face (+infinity when none).</param>
    internal readonly record struct Assignment(int Person, float Distance, bool ByContinuity, bool IsNew, float MemoryDistance = float.PositiveInfinity);

    /// <summary>Assigns every face of a frame and remembers them; <paramref name="previous"/> is the previous sampled frame's (box, person) list.</summary>
    public Assignment[] Assign(IReadOnlyList<(DetectedFace Box, float[] Descriptor, float Frontality)> faces, IReadOnlyList<(DetectedFace Box, int Person, float[] Descriptor)> previous)
    {
        var result = new Assignment[faces.Count];
        var decided = new bool[faces.Count];
        int persons = _memory.PersonCount;
        var excluded = new bool[persons];
        var distances = new float[persons];
        for (int round = 0; round < faces.Count; round++)
        {
            int bestFace = -1;
            Assignment best = default;
            for (int f = 0; f < faces.Count; f++)
            {
                if (decided[f])
                {
                    continue;
                }

                Assignment choice = Decide(faces[f], previous, excluded, distances);
                if (bestFace < 0 || Rank(choice) < Rank(best))
                {
                    bestFace = f;
                    best = choice;
                }
            }

            decided[bestFace] = true;
            result[bestFace] = best;
            if (best.Person >= 0)
            {
                excluded[best.Person] = true;
            }
        }

        for (int f = 0; f < faces.Count; f++)
        {
            if (result[f].Person < 0)
            {
                result[f] = result[f] with { Person = _memory.NewPerson(), IsNew = true };
            }

            // Remembered: frontal enough, and either the first face of its person or a confident match of the
            // person's remembered faces. A face that joined between RememberDistance and the threshold, or only by
            // continuity, is assigned but adds no evidence: otherwise k-NN over assigned faces chains (a profile at
            // 0.55 from a person becomes the stepping stone for another person's face at 0.55 from it).
            bool confident = result[f].IsNew || result[f].MemoryDistance < _options.RememberDistance;
            if (faces[f].Frontality >= _options.MinRememberedFrontality && confident)
            {
                _memory.Add(faces[f].Descriptor, result[f].Person);
            }
        }

        return result;
    }

    /// <summary>Known matches first, nearest first; faces matching nobody last.</summary>
    private static float Rank(Assignment a) => a.Person >= 0 ? a.Distance : float.MaxValue;

    private Assignment Decide((DetectedFace Box, float[] Descriptor, float Frontality) face, IReadOnlyList<(DetectedFace Box, int Person, float[] Descriptor)> previous, bool[] excluded, float[] distances)
    {
        (int person, float distance) = _memory.Decide(face.Descriptor, excluded, distances);
        int continued = -1;
        float overlap = 0;
        float[]? previousFace = null;
        foreach ((DetectedFace box, int p, float[] descriptor) in previous)
        {
            float iou = BoxOverlap.IntersectionOverUnion(face.Box, box);
            if (p < excluded.Length && !excluded[p] && iou >= _options.ContinuityOverlap && iou > overlap)
            {
                continued = p;
                overlap = iou;
                previousFace = descriptor;
            }
        }

        if (continued >= 0 && continued != person)
        {
            // The continued person's nearest remembered face, or its face in the previous frame (which may be a
            // profile that was not remembered), whichever is nearer.
            float d = Math.Min(distances[continued], System.Numerics.Tensors.TensorPrimitives.Distance(face.Descriptor, previousFace));
            bool nearEnough = d < _options.ContinuityThreshold;
            // The box wins when the vote found nobody, or a person hardly nearer, or only a doubtful match (at or
            // beyond RememberDistance: a turned head lies that far from its own frontal faces and from others' alike).
            bool notWorse = person < 0 || d <= distance + _options.ContinuityMargin || distance >= _options.RememberDistance;
            if (nearEnough && notWorse)
            {
                return new Assignment(continued, d, ByContinuity: true, IsNew: false, distances[continued]);
            }
        }

        return new Assignment(person, distance, ByContinuity: false, IsNew: false, person >= 0 ? distances[person] : float.PositiveInfinity);
    }
}
