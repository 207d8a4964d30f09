using System.Numerics;
using FaceMetric.Landmarks;

namespace FaceMetric.Video.People;

/// <summary>How frontal a face is, from its landmarks.</summary>
internal static class Frontality
{
    /// <summary>
    /// 1 when the nose tip sits midway (horizontally) between the outer corners of the eyes and between the ends of the
    /// jaw outline, falling towards 0 as the head turns: the smaller of <c>min(dl, dr) / max(dl, dr)</c> for the eye
    /// corners (iBUG 36, 45) and for the jaw ends (0, 16), distances measured from the nose tip (30). The jaw is there
    /// because a landmark net shown a profile can still place the eyes symmetrically about the nose, but not the jaw
    /// (face-api's net on Alex Lacamoire's close profile, frame 20 of the Hamilton clip: 0.51 by the eyes, 0.06 by the
    /// jaw; a frontal face measures 0.5 to 0.9 by both). 1 for landmark sets other than iBUG 68 (no evidence either way).
    /// </summary>
    public static float Of(FaceLandmarks landmarks)
    {
        if (landmarks.Count != FaceLandmarks.Ibug68Count)
        {
            return 1f;
        }

        Vector2 nose = landmarks[30];
        return Math.Min(Balance(nose.X - landmarks[36].X, landmarks[45].X - nose.X), Balance(nose.X - landmarks[0].X, landmarks[16].X - nose.X));
    }

    private static float Balance(float left, float right)
    {
        left = Math.Abs(left);
        right = Math.Abs(right);
        float larger = Math.Max(left, right);
        return larger > 0 ? Math.Min(left, right) / larger : 0f;
    }
}
