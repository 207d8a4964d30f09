using System.Globalization;
using FaceMetric.Detection;
using FaceMetric.Landmarks;

namespace FaceMetric.Alignment;

/// <summary>
/// Whether a landmark model's shape spans the face its detector found, so that an aligned chip of it can describe a
/// face: the test <see cref="FaceAnalyzer"/> applies before cutting each chip.
/// </summary>
/// <remarks>
/// A landmark model always returns its points, even for a dark or blurred face it cannot read; face-api's 68-point net
/// then scrambles them into a small blob (frame 236 of face_recognition's Hamilton clip: a 60 x 66 px box whose 68
/// points fall within 25 x 13 px, jaw and mouth points among the eyes). The similarity fit of such a blob to dlib's mean
/// face shrinks towards a point; dlib would cut a chip of one smeared colour from it, which describes no face.
/// </remarks>
internal static class LandmarkSpan
{
    /// <summary>
    /// The smallest chip rectangle width, as a fraction of the detector box's smaller side, taken as a face. Measured
    /// with face-api's landmarks on 220 faces (the Hamilton clip every 5th frame and face_recognition's example photos;
    /// SSD, HOG and CNN boxes, upsampled once): the smallest ratio was 0.199, the median about 1.1; the scrambled shape
    /// of frame 236 gives 0.005.
    /// </summary>
    public const double MinChipToBox = 0.1;

    /// <summary>
    /// The chip of <paramref name="shape"/>, or the reason it is not a face: null when the shape spans the box.
    /// </summary>
    /// <param name="aligner">Chip size and padding.</param>
    /// <param name="box">The detector's box of the face.</param>
    /// <param name="shape">The landmarks placed in that box.</param>
    /// <param name="chip">The chip details when the shape spans the face; otherwise null.</param>
    /// <param name="width">The chip rectangle's width in image pixels (0 when the fit has no scale).</param>
    /// <returns>Null when the face can be described; otherwise why not, in words.</returns>
    public static string? Check(FaceAligner aligner, DetectedFace box, FaceLandmarks shape, out FaceChipDetails? chip, out double width)
    {
        chip = FaceChipDetails.TryForFace(shape, aligner.ChipSize, aligner.Padding, out width);
        double side = Math.Min(box.Width, box.Height);
        if (chip is null || width < MinChipToBox * side)
        {
            chip = null;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"its {shape.Count} landmarks do not span the face: fitted to dlib's mean face they give a chip {width:0.###} px wide for a {side:0.#} px box (under {MinChipToBox:0.##} of it)");
        }

        return null;
    }
}
