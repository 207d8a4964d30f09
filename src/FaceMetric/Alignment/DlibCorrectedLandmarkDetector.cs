using System.Numerics;
using FaceMetric.Landmarks;
using FaceMetric.Detection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Alignment;

/// <summary>
/// face-api.js's 68 points moved toward where dlib's own landmark model puts them: each point is shifted by a fixed
/// offset in the frame of dlib's face chip (150 pixels, padding 0.25) that face-api's points define
/// (<see cref="FaceApiToDlibOffsets"/>, the mean offset over LFW View 1 DevTrain faces). dlib's recognition network was
/// trained on chips cut from dlib's landmarks; face-api's net, trained on other annotations, places the eyebrows, nose
/// and mouth a little differently, which shifts and scales the chip. The correction is a constant per point (136
/// numbers), not a landmark model.
/// </summary>
/// <remarks>Thread-safe when the wrapped detector is; owns and disposes it.</remarks>
internal sealed class DlibCorrectedLandmarkDetector : ILandmarkDetector
{
    private readonly ILandmarkDetector _faceApi;

    /// <summary>Wraps a 68-point face-api detector.</summary>
    /// <param name="faceApi">face-api.js's 68-point net; owned from now on.</param>
    public DlibCorrectedLandmarkDetector(ILandmarkDetector faceApi) => _faceApi = faceApi;

    /// <summary>The wrapped face-api detector.</summary>
    internal ILandmarkDetector FaceApi => _faceApi;

    /// <inheritdoc />
    public IReadOnlyList<FaceLandmarks> Detect(Image<Rgb24> image, IReadOnlyList<DetectedFace> faces)
    {
        IReadOnlyList<FaceLandmarks> raw = _faceApi.Detect(image, faces);
        var corrected = new FaceLandmarks[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            corrected[i] = Correct(raw[i]);
        }

        return corrected;
    }

    /// <inheritdoc />
    public void Dispose() => _faceApi.Dispose();

    /// <summary>Moves 68 face-api points by <see cref="FaceApiToDlibOffsets"/> in the chip frame they define.</summary>
    /// <param name="points">68 points in image pixels (iBUG order).</param>
    /// <returns>The corrected points, in image pixels.</returns>
    internal static FaceLandmarks Correct(FaceLandmarks points)
    {
        if (points.Count != FaceLandmarks.Ibug68Count)
        {
            return points;
        }

        FaceChipDetails chip = FaceChipDetails.ForFace(points);
        double scale = chip.Cols / chip.Width, cos = Math.Cos(chip.Angle), sin = Math.Sin(chip.Angle);
        double cx = chip.CenterX, cy = chip.CenterY, half = (chip.Cols - 1) / 2.0;
        ReadOnlySpan<Vector2> p = points.Points;
        Span<Vector2> result = stackalloc Vector2[FaceLandmarks.Ibug68Count];
        for (int k = 0; k < result.Length; k++)
        {
            // Into the chip frame, shift, and back: the same similarity both ways.
            double dx = p[k].X - cx, dy = p[k].Y - cy;
            double u = ((((dx * cos) + (dy * sin)) * scale) + half) + FaceApiToDlibOffsets.X[k];
            double v = ((((-dx * sin) + (dy * cos)) * scale) + half) + FaceApiToDlibOffsets.Y[k];
            double cu = (u - half) / scale, cv = (v - half) / scale;
            result[k] = new Vector2((float)(cx + ((cu * cos) - (cv * sin))), (float)(cy + ((cu * sin) + (cv * cos))));
        }

        return new FaceLandmarks(result);
    }
}
