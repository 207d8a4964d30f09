using FaceMetric.Onnx;

namespace FaceMetric.Landmarks;

/// <summary>Settings of an <see cref="OnnxLandmarkDetector"/>. Immutable.</summary>
public sealed record LandmarkDetectorOptions
{
    /// <summary>Model file, folder and ONNX Runtime settings; the file defaults to <c>face_landmark_68.onnx</c>. Unset parts are inherited from <see cref="FaceAnalyzerOptions.Models"/> when the analyzer builds the component.</summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>
    /// The most faces sent to ONNX Runtime in one run; larger batches are split (the same points: byte for byte in
    /// the runs below, and to 1e-3 px against one face at a time in the tests).
    /// Default 8. Must be 1 or more.
    /// </summary>
    /// <remarks>
    /// The session's memory arena keeps the activations of the largest batch it has run, and a crowded photo fills a batch
    /// of 32. Measured on bald_guys.jpg's 24 faces (2-vCPU AMD EPYC, 2026-12-05, median of 15 calls): 1.64 / 1.49 / 1.42
    /// / 1.37 ms per face at batches of 32 / 8 / 4 / 1 on one thread, 1.10 / 1.20 / 1.28 / 1.54 ms on two; the 123 photos
    /// of ../shared/data through <c>facemetric embed</c> (two workers, interleaved, same output byte for byte): peak
    /// resident memory 10 to 70 MB lower at batch 8 than at 32 (medians 710 / 720, 675 / 743 MB in two runs), wall time
    /// within the runs' noise.
    /// </remarks>
    public int MaxBatchSize { get; init; } = 8;
}
