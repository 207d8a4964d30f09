using FaceMetric.Embedding;

namespace FaceMetric.Evaluation;

/// <summary>
/// One labelled image of a dataset under audit: the identity it is filed under, an id (usually its path) and the
/// descriptors of the faces found in it. Immutable.
/// </summary>
/// <remarks>
/// No face means the image could not be used (<see cref="AuditFindingKind.NoFace"/>); several faces mean the label
/// is ambiguous (<see cref="AuditFindingKind.MultiFace"/>). The first face is the one the label is taken to describe:
/// callers put the most likely one first (<see cref="FromFaces"/> puts the one nearest the photo's centre first).
/// </remarks>
public sealed class AuditItem
{
    /// <summary>Creates an item.</summary>
    /// <param name="label">The claimed identity: not empty; compared ordinally.</param>
    /// <param name="id">The image's id (a path, a file name): not empty.</param>
    /// <param name="faces">The descriptors of the faces found in the image, the labelled one first; may be empty.</param>
    /// <exception cref="ArgumentNullException">An argument or a descriptor is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="label"/> or <paramref name="id"/> is empty.</exception>
    public AuditItem(string label, string id, IEnumerable<FaceDescriptor> faces)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(faces);
        FaceDescriptor[] copy = faces.ToArray();
        foreach (FaceDescriptor face in copy)
        {
            ArgumentNullException.ThrowIfNull(face, nameof(faces));
        }

        Label = label;
        Id = id;
        Faces = Array.AsReadOnly(copy);
    }

    /// <summary>Creates an item with exactly one face.</summary>
    /// <param name="label">The claimed identity: not empty.</param>
    /// <param name="id">The image's id: not empty.</param>
    /// <param name="face">The face's descriptor.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="label"/> or <paramref name="id"/> is empty.</exception>
    public AuditItem(string label, string id, FaceDescriptor face)
        : this(label, id, [face ?? throw new ArgumentNullException(nameof(face))])
    {
    }

    /// <summary>The claimed identity.</summary>
    public string Label { get; }

    /// <summary>The image's id.</summary>
    public string Id { get; }

    /// <summary>The descriptors of the faces in the image, the labelled one first (may be empty).</summary>
    public IReadOnlyList<FaceDescriptor> Faces { get; }

    /// <summary>The face the label is taken to describe (the first), or null when the image has none.</summary>
    public FaceDescriptor? LabelledFace => Faces.Count > 0 ? Faces[0] : null;

    /// <summary>
    /// Creates an item from the faces <see cref="FaceAnalyzer"/> found in a photo, ordered by <see cref="SubjectFace.OrderCentreFirst(IReadOnlyList{AnalyzedFace}, int, int)"/>:
    /// the face nearest the photo's centre is taken as the labelled one.
    /// </summary>
    /// <param name="label">The claimed identity: not empty.</param>
    /// <param name="id">The image's id: not empty.</param>
    /// <param name="faces">The analysed faces (any order).</param>
    /// <param name="imageWidth">The photo's width in pixels, 1 or more.</param>
    /// <param name="imageHeight">The photo's height in pixels, 1 or more.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentNullException">An argument or a face is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="label"/> or <paramref name="id"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public static AuditItem FromFaces(string label, string id, IReadOnlyList<AnalyzedFace> faces, int imageWidth, int imageHeight) =>
        new(label, id, SubjectFace.OrderCentreFirst(faces, imageWidth, imageHeight).Select(f => f.Descriptor));
}
