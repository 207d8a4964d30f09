using FaceMetric.Detection;

namespace FaceMetric;

/// <summary>
/// Which face of a photo is its subject: the one rule that <c>compare</c>, label audits, training and the LFW protocol
/// share.
/// </summary>
public static class SubjectFace
{
    /// <summary>
    /// The faces by the distance of their box centre from the photo's centre, nearest first (ties: the larger box
    /// first, then the detector's order). A photo filed under a person is taken of that person: datasets such as LFW
    /// centre each image on its labelled face, while the largest face is often a bystander nearer the camera.
    /// </summary>
    /// <param name="faces">The analysed faces.</param>
    /// <param name="imageWidth">The photo's width in pixels, 1 or more.</param>
    /// <param name="imageHeight">The photo's height in pixels, 1 or more.</param>
    /// <returns>A new list in that order.</returns>
    /// <exception cref="ArgumentNullException">The list or a face is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public static IReadOnlyList<AnalyzedFace> OrderCentreFirst(IReadOnlyList<AnalyzedFace> faces, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        foreach (AnalyzedFace face in faces)
        {
            ArgumentNullException.ThrowIfNull(face, nameof(faces));
        }

        return Order(faces, f => f.Detection, imageWidth, imageHeight);
    }

    /// <summary>Detected boxes in the order of <see cref="OrderCentreFirst(IReadOnlyList{AnalyzedFace}, int, int)"/> (the same rule, before landmarks and descriptors).</summary>
    /// <param name="faces">The detected boxes.</param>
    /// <param name="imageWidth">The photo's width in pixels, 1 or more.</param>
    /// <param name="imageHeight">The photo's height in pixels, 1 or more.</param>
    /// <returns>A new list in that order.</returns>
    /// <exception cref="ArgumentNullException">The list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public static IReadOnlyList<DetectedFace> OrderCentreFirst(IReadOnlyList<DetectedFace> faces, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        return Order(faces, f => f, imageWidth, imageHeight);
    }

    /// <summary>The subject among detected boxes, or null when there is none.</summary>
    /// <param name="faces">The detected boxes.</param>
    /// <param name="imageWidth">The photo's width in pixels, 1 or more.</param>
    /// <param name="imageHeight">The photo's height in pixels, 1 or more.</param>
    /// <returns>The subject's box, or null.</returns>
    /// <exception cref="ArgumentNullException">The list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public static DetectedFace? Find(IReadOnlyList<DetectedFace> faces, int imageWidth, int imageHeight) =>
        OrderCentreFirst(faces, imageWidth, imageHeight) is { Count: > 0 } ordered ? ordered[0] : null;

    /// <summary>The subject of a photo: the first face of <see cref="OrderCentreFirst(IReadOnlyList{AnalyzedFace}, int, int)"/>, or null when there is none.</summary>
    /// <param name="faces">The analysed faces.</param>
    /// <param name="imageWidth">The photo's width in pixels, 1 or more.</param>
    /// <param name="imageHeight">The photo's height in pixels, 1 or more.</param>
    /// <returns>The subject's face, or null.</returns>
    /// <exception cref="ArgumentNullException">The list or a face is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public static AnalyzedFace? Find(IReadOnlyList<AnalyzedFace> faces, int imageWidth, int imageHeight) =>
        OrderCentreFirst(faces, imageWidth, imageHeight) is { Count: > 0 } ordered ? ordered[0] : null;

    private static T[] Order<T>(IReadOnlyList<T> faces, Func<T, DetectedFace> box, int imageWidth, int imageHeight)
    {
        double cx = imageWidth / 2.0, cy = imageHeight / 2.0;
        return faces
            .OrderBy(f => Math.Pow(box(f).X + (box(f).Width / 2.0) - cx, 2) + Math.Pow(box(f).Y + (box(f).Height / 2.0) - cy, 2))
            .ThenByDescending(f => (double)box(f).Width * box(f).Height)
            .ToArray();
    }
}
