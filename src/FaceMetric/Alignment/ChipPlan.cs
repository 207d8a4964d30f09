using FaceMetric.Geometry;
namespace FaceMetric.Alignment;

/// <summary>
/// How <see cref="ChipExtractor"/> will cut one chip out of one image, worked out from the chip details and the image
/// size alone: which part of the image it reads, how deep an image pyramid it builds on that part, and the affine map
/// from chip pixels to the pyramid level it samples.
/// </summary>
internal readonly struct ChipPlan
{
    public ChipPlan(int rows, int cols, PixelRect region, bool isDirectCopy, PixelRect copyLocation, int level, AffineTransform chipToSource)
    {
        Rows = rows;
        Cols = cols;
        Region = region;
        IsDirectCopy = isDirectCopy;
        CopyLocation = copyLocation;
        Level = level;
        ChipToSource = chipToSource;
    }

    /// <summary>The chip's height in pixels.</summary>
    public int Rows { get; }

    /// <summary>The chip's width in pixels.</summary>
    public int Cols { get; }

    /// <summary>The part of the image the chip reads, inside the image (empty when the chip lies wholly outside it).</summary>
    public PixelRect Region { get; }

    /// <summary>
    /// True for dlib's fast path (angle 0, chip size equal to the rectangle size): the chip is a plain copy of
    /// <see cref="CopyLocation"/>, black outside the image.
    /// </summary>
    public bool IsDirectCopy { get; }

    /// <summary>For a direct copy: the rounded chip rectangle in image coordinates.</summary>
    public PixelRect CopyLocation { get; }

    /// <summary>-1 to sample <see cref="Region"/> itself; k &gt;= 0 to sample the (k + 1)-th pyramid_down&lt;2&gt; level of it.</summary>
    public int Level { get; }

    /// <summary>Maps chip pixel (column, row) to coordinates in the sampled image (region or pyramid level).</summary>
    public AffineTransform ChipToSource { get; }
}
