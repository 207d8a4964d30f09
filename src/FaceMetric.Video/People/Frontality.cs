using System.Numerics;
using FaceMetric.Landmarks;

namespace FaceMetric.Video.People;

/// <summary>How frontal a face is, from its landmarks.</summary>
internal static class Frontality
{
    /// <summary>
    /// 1 when the nose tip sits midway (horizontally) between the outer corners of the eyes, falling towards 0 as
    /// the head turns: <c>min(dl, dr) / max(dl, dr)</c> with dl, dr the distances from the nose tip (iBUG point 30) to
    /// the outer eye corners (36, 45). 1 for landmark sets other than iBUG 68 (no evidence either way).
    /// </summary>
    public static float Of(FaceLandmarks landmarks)
    {
        if (landmarks.Count != FaceLandmarks.Ibug68Count)
        {
            return 1f;
        }

        Vector2 nose = landmarks[30];
        float left = Math.Abs(nose.X - landmarks[36].X);
        float right = Math.Abs(landmarks[45].X - nose.X);
        float larger = Math.Max(left, right);
        return larger > 0 ? Math.Min(left, right) / larger : 0f;
    }
}
