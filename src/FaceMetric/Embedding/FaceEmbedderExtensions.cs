using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Embedding;

/// <summary>Convenience overloads of <see cref="IFaceEmbedder"/>; each one reaches the batched core.</summary>
public static class FaceEmbedderExtensions
{
    /// <summary>Embeds one chip given as interleaved RGB bytes (ChipSize x ChipSize x 3).</summary>
    /// <param name="embedder">The embedder.</param>
    /// <param name="rgbChip">Exactly ChipSize * ChipSize * 3 bytes.</param>
    /// <returns>The descriptor.</returns>
    /// <exception cref="ArgumentException">The span has the wrong length.</exception>
    public static FaceDescriptor Embed(this IFaceEmbedder embedder, ReadOnlySpan<byte> rgbChip)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        return embedder.Embed(rgbChip, 1)[0];
    }

    /// <summary>Embeds one aligned chip.</summary>
    /// <param name="embedder">The embedder.</param>
    /// <param name="chip">An aligned face chip of ChipSize x ChipSize pixels (150x150 for dlib's network).</param>
    /// <returns>The descriptor.</returns>
    /// <exception cref="ArgumentException">The chip has another size.</exception>
    public static FaceDescriptor Embed(this IFaceEmbedder embedder, Image<Rgb24> chip)
    {
        ArgumentNullException.ThrowIfNull(chip);
        return embedder.Embed([chip])[0];
    }

    /// <summary>Embeds aligned chips in one batched call.</summary>
    /// <param name="embedder">The embedder.</param>
    /// <param name="chips">One or more chips of ChipSize x ChipSize pixels.</param>
    /// <returns>One descriptor per chip, in order.</returns>
    /// <exception cref="ArgumentException">No chips, a null chip, or a chip of another size.</exception>
    public static IReadOnlyList<FaceDescriptor> Embed(this IFaceEmbedder embedder, IEnumerable<Image<Rgb24>> chips)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(chips);
        IReadOnlyList<Image<Rgb24>> list = chips as IReadOnlyList<Image<Rgb24>> ?? chips.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one chip is required; the batch is empty.", nameof(chips));
        }

        int size = embedder.ChipSize;
        int chipBytes = size * size * 3;
        byte[] buffer = new byte[list.Count * chipBytes];
        for (int i = 0; i < list.Count; i++)
        {
            Image<Rgb24> chip = list[i] ?? throw new ArgumentException($"Chip {i} is null.", nameof(chips));
            if (chip.Width != size || chip.Height != size)
            {
                throw new ArgumentException(
                    $"Chip {i} is {chip.Width}x{chip.Height}; the embedder expects an aligned {size}x{size} face chip " +
                    "(use FaceAligner to extract one from a photo).",
                    nameof(chips));
            }

            chip.CopyPixelDataTo(buffer.AsSpan(i * chipBytes, chipBytes));
        }

        return embedder.Embed(buffer, list.Count);
    }
}
