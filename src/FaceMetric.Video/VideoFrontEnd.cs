using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Onnx;

namespace FaceMetric.Video;

/// <summary>
/// The face pipeline <see cref="VideoPeopleAnalyzer"/>'s figures were measured with, named component by component so
/// that it does not move when the core library's default front end does: dlib's CNN (MMOD) detector, face-api's
/// 68-point landmarks, and descriptors averaged with the mirror image. Frames are searched upsampled twice, known
/// people's photos once (<see cref="PhotoOptions"/>).
/// </summary>
/// <remarks>
/// <para>Why (face_recognition's Hamilton clip every 5th frame, obama.jpg among the known photos; docs/results/video_hamilton.txt):
/// the SSD detector (upsampled once) finds Barack Obama, three-quarter with his hand at his chin, in 1 of 12 audience
/// frames; HOG (upsampled once, with either landmark model) finds neither him nor Alex Lacamoire at the piano; the CNN
/// detector finds Obama in all 12. His faces then lie 0.59 to 0.64 from obama.jpg with face-api's landmarks (0.60 to 0.74
/// with dlib's shape predictor); averaging each descriptor with its mirror image's brings them to 0.54 to 0.59, under
/// dlib's 0.6, and he is named in every frame he is found. Upsampled once the CNN finds faces from about 40 px: Alex
/// Lacamoire at the piano (30 px) in only 2 of the 4 sampled frames of the first shot; twice, in all 4.</para>
/// <para>Cost: the CNN upsampled twice is the slowest detector here (its pyramid of a 640x360 frame is about 4x that of
/// once), and the mirror doubles the descriptor work; see the README for sampled frames per second.</para>
/// <para>Immutable; thread-safe.</para>
/// </remarks>
public static class VideoFrontEnd
{
    /// <summary>The CNN detector's upsampling for video frames: faces of about 20 px and more are found.</summary>
    public const int CnnUpsample = 2;

    /// <summary>
    /// The CNN detector's upsampling for known people's photos: their faces are large, and twice upsampled a 1-megapixel
    /// photo exceeds the detector's pixel budget (<see cref="CnnDetectorOptions.MaxScannedPixels"/>).
    /// </summary>
    public const int PhotoCnnUpsample = 1;

    /// <summary>The analyzer options of the video front end, for frames.</summary>
    /// <param name="models">Model folder and inference settings; null for the defaults (the shipped models).</param>
    /// <param name="cnnUpsample">The CNN detector's upsampling, 0 to <see cref="CnnDetectorOptions.MaxUpsample"/>.</param>
    /// <returns>Options with the detector, landmark model and descriptor settings named explicitly.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cnnUpsample"/> is out of range.</exception>
    public static FaceAnalyzerOptions Options(ModelOptions? models = null, int cnnUpsample = CnnUpsample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cnnUpsample);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cnnUpsample, CnnDetectorOptions.MaxUpsample);
        return new FaceAnalyzerOptions
        {
            Models = models ?? new ModelOptions(),
            Detector = FaceDetectorKind.Cnn,
            Landmarks = LandmarkModelKind.FaceApi68,
            Cnn = new CnnDetectorOptions { Upsample = cnnUpsample },
            Embedder = new FaceEmbedderOptions { AverageWithMirror = true },
        };
    }

    /// <summary>The same front end for known people's photos (<see cref="PhotoCnnUpsample"/>): the same descriptors, a detector that fits large photos.</summary>
    /// <param name="models">Model folder and inference settings; null for the defaults.</param>
    /// <returns>The options.</returns>
    public static FaceAnalyzerOptions PhotoOptions(ModelOptions? models = null) => Options(models, PhotoCnnUpsample);
}
