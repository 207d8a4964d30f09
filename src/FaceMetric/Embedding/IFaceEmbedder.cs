namespace FaceMetric.Embedding;

/// <summary>
/// Maps aligned face chips to 128-d <see cref="FaceDescriptor"/>s. Implement this to bring your own network; the
/// convenience overloads in <see cref="FaceEmbedderExtensions"/> (ImageSharp images, single chips) all reach
/// <see cref="Embed(ReadOnlySpan{byte}, int)"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe: one instance is created once and shared.</remarks>
public interface IFaceEmbedder : IDisposable
{
    /// <summary>The side of the square chip the embedder expects, in pixels (150 for dlib's network).</summary>
    int ChipSize { get; }

    /// <summary>
    /// The padding of the chip around the face, as a fraction of the aligned face's size (dlib's
    /// <c>get_face_chip_details</c> padding): the embedder owns its chip geometry, since a network is only right on chips
    /// cut the way it was trained. Default 0.25, dlib's network's.
    /// </summary>
    double ChipPadding => OnnxFaceEmbedder.DefaultChipPadding;

    /// <summary>Embeds a batch of chips in one call.</summary>
    /// <param name="rgbChips">
    /// <paramref name="count"/> chips back to back, each <see cref="ChipSize"/> x <see cref="ChipSize"/> pixels of
    /// interleaved 8-bit R, G, B, row-major (exactly count * ChipSize * ChipSize * 3 bytes).
    /// </param>
    /// <param name="count">The number of chips, 1 or more.</param>
    /// <returns>One descriptor per chip, in order.</returns>
    /// <exception cref="ArgumentException">The count is below 1 or the span length does not match it.</exception>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    IReadOnlyList<FaceDescriptor> Embed(ReadOnlySpan<byte> rgbChips, int count);
}
