namespace FaceMetric.People;

/// <summary>What adding one photo did. Immutable.</summary>
/// <param name="Photo">The photo as it now stands in the library, with its faces and their people.</param>
/// <param name="AlreadyPresent">True when a photo with the same bytes was already there: nothing was changed.</param>
public sealed record PhotoAddResult(LibraryPhoto Photo, bool AlreadyPresent);
