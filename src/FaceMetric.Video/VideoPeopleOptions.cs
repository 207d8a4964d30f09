using FaceMetric.Matching;

namespace FaceMetric.Video;

/// <summary>How <see cref="VideoPeopleAnalyzer"/> samples a video and decides who each face is. Immutable; use <c>with</c>.</summary>
public sealed record VideoPeopleOptions
{
    /// <summary>Which frames are analysed. Default: every frame.</summary>
    public VideoSampling Sampling { get; init; } = VideoSampling.EveryFrame;

    /// <summary>dlib's same-person distance: a face joins a person only through a remembered face strictly under it. Default 0.6.</summary>
    public float Threshold { get; init; } = FaceMatcher.DefaultThreshold;

    /// <summary>Neighbours consulted by the k-NN vote, 1 or more. Default 7 (as <see cref="Identification.FaceGallery"/>).</summary>
    public int Neighbors { get; init; } = Identification.FaceGallery.DefaultNeighbors;

    /// <summary>
    /// Box continuity: the intersection over union with a person's box in the previous sampled frame that counts as
    /// evidence for that person, in (0, 1]. Default 0.3.
    /// </summary>
    public float ContinuityOverlap { get; init; } = 0.3f;

    /// <summary>
    /// With continuity evidence, the distance under which a face may join the continued person (its nearest
    /// remembered face, or its face in the previous sampled frame); at least <see cref="Threshold"/>. Default 0.75
    /// (Hamilton clip: a young man in the audience, turning his head in the dark, lies 0.72 from his own face 5 frames
    /// earlier, his box overlapping that face's by 0.82, and 0.59 from Alex Lacamoire's photo).
    /// </summary>
    public float ContinuityThreshold { get; init; } = 0.75f;

    /// <summary>
    /// With continuity evidence, how much farther than the k-NN's own choice the continued person may be and still
    /// win, 0 or more. Default 0.05.
    /// </summary>
    public float ContinuityMargin { get; init; } = 0.05f;

    /// <summary>
    /// A face is remembered as evidence for later faces only when it opened its person or lies nearer than this to
    /// one of that person's remembered faces; in (0, <see cref="Threshold"/>]. Faces that join farther away (or only
    /// by box continuity) are assigned but not remembered, so that k-NN over assigned faces cannot chain from one
    /// person to another through doubtful faces (measured on the Hamilton clip: Alex Lacamoire's close profiles joined
    /// him at 0.55 and, remembered, drew Michelle Obama in at 0.47). Default 0.5.
    /// </summary>
    public float RememberDistance { get; init; } = 0.5f;

    /// <summary>
    /// Box continuity holds only within a shot: when the colour histograms of two consecutive sampled frames differ by
    /// more than this (half the L1 distance of the per-channel 16-bin histograms, averaged over R, G and B: 0 for equal
    /// histograms, 1 for disjoint ones), the second frame starts a new shot and no face continues a box of the first.
    /// In (0, 1]. Default 0.12 (Hamilton clip: its three cuts measure 0.19 to 0.34; within shots at most 0.06 between
    /// consecutive frames and 0.14 five frames apart).
    /// </summary>
    public float ShotCutDifference { get; init; } = 0.12f;

    /// <summary>
    /// A face this near to an already remembered face of its person is not remembered again (it would add nothing
    /// to a vote); 0 keeps every face. Default 0.15.
    /// </summary>
    public float DuplicateDistance { get; init; } = 0.15f;

    /// <summary>
    /// Faces less frontal than this (<see cref="VideoDetection.Frontality"/>, in [0, 1]) are assigned but not
    /// remembered as evidence for later faces: the network was trained on frontal chips, and profile descriptors of
    /// different people fall within 0.6 of each other. 0 remembers every face. Default 0.35.
    /// </summary>
    public float MinRememberedFrontality { get; init; } = 0.35f;

    /// <summary>
    /// Gaps in a person's presence up to this long are bridged into one segment (consecutive sampled frames always
    /// are). Default 1 second.
    /// </summary>
    public TimeSpan BridgeGap { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Frames decoded ahead of the analysis, 1 or more (the bounded queue between them). Default 4.</summary>
    public int QueueCapacity { get; init; } = 4;

    /// <summary>Sample face thumbnails kept per person, 0 or more, spread over their appearances. Default 6.</summary>
    public int SampleFaces { get; init; } = 6;

    /// <summary>The folder holding <c>ffmpeg</c> and <c>ffprobe</c>; null looks them up on <c>PATH</c>.</summary>
    public string? FfmpegFolder { get; init; }

    /// <summary>Averaging instead of k-NN (one mean per person), for measurements only; never set by the public API.</summary>
    internal bool AverageDescriptors { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range (the message names it).</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Sampling);
        FaceMatcher.ValidateThreshold(Threshold, nameof(Threshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(Neighbors, 1, nameof(Neighbors));
        if (!(ContinuityOverlap > 0 && ContinuityOverlap <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ContinuityOverlap), ContinuityOverlap, "must be in (0, 1]");
        }

        if (!(ContinuityThreshold >= Threshold) || !float.IsFinite(ContinuityThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(ContinuityThreshold), ContinuityThreshold, "must be finite and at least Threshold");
        }

        if (!(ContinuityMargin >= 0) || !(DuplicateDistance >= 0) || !(DuplicateDistance < Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(ContinuityMargin), "ContinuityMargin must be 0 or more; DuplicateDistance in [0, Threshold)");
        }

        if (!(RememberDistance > 0 && RememberDistance <= Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(RememberDistance), RememberDistance, "must be in (0, Threshold]");
        }

        if (!(ShotCutDifference > 0 && ShotCutDifference <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ShotCutDifference), ShotCutDifference, "must be in (0, 1]");
        }

        if (!(MinRememberedFrontality >= 0 && MinRememberedFrontality <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinRememberedFrontality), MinRememberedFrontality, "must be in [0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BridgeGap, TimeSpan.Zero, nameof(BridgeGap));
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1, nameof(QueueCapacity));
        ArgumentOutOfRangeException.ThrowIfNegative(SampleFaces, nameof(SampleFaces));
    }
}
