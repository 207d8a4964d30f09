using FaceMetric.Alignment;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Landmarks;

namespace FaceMetric;

/// <summary>One face found in a photo: where it is, its landmarks, its aligned chip's placement and its descriptor. Immutable.</summary>
public sealed class AnalyzedFace
{
    internal AnalyzedFace(DetectedFace detection, FaceLandmarks landmarks, FaceChipDetails chip, FaceDescriptor descriptor, bool isFallback = false)
    {
        IsFallback = isFallback;
        Detection = detection;
        Landmarks = landmarks;
        Chip = chip;
        Descriptor = descriptor;
    }

    /// <summary>The detector's box (image pixels) and score.</summary>
    public DetectedFace Detection { get; }

    /// <summary>The 68 landmarks in image pixels, iBUG order.</summary>
    public FaceLandmarks Landmarks { get; }

    /// <summary>Where the aligned 150x150 chip was cut (dlib's <c>get_face_chip_details</c>, padding 0.25).</summary>
    public FaceChipDetails Chip { get; }

    /// <summary>The 128-d descriptor of the chip.</summary>
    public FaceDescriptor Descriptor { get; }

    /// <summary>
    /// True when the detector found no face in the photo and this face is the centred fallback box
    /// (<see cref="DetectedFace.CentredFallback"/>), described because <see cref="FaceAnalyzerOptions.CentredFallback"/>
    /// is on; the photo may hold no face at all.
    /// </summary>
    public bool IsFallback { get; }
}
