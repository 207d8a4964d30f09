using FaceMetric.Geometry;
namespace FaceMetric.Detection;

/// <summary>
/// A square window of side <see cref="Side"/> laid over an image, with only the rectangle <see cref="Content"/> taken
/// from the image; every other window pixel is 0 (black), as face-api's zero padding makes it.
/// </summary>
/// <param name="Left">Image column of the window's left edge (negative when padding is added on the left).</param>
/// <param name="Top">Image row of the window's top edge (negative when padding is added on top).</param>
/// <param name="Side">The window side in pixels, 1 or more.</param>
/// <param name="Content">The image pixels that show through the window; inside both the image and the window.</param>
internal readonly record struct SquareWindow(int Left, int Top, int Side, PixelBox Content)
{
    /// <summary>
    /// face-api's SSD input: the whole image (or a region) in the top-left corner of a square of side max(w, h), the
    /// rest zero (padding at the bottom/right, non-centred <c>padToSquare</c>).
    /// </summary>
    public static SquareWindow PadBottomRight(PixelBox content) =>
        new(content.X, content.Y, Math.Max(content.Width, content.Height), content);

    /// <summary>
    /// A square of the given side whose top-left corner is at (<paramref name="left"/>, <paramref name="top"/>); the
    /// content is the part of the image inside it.
    /// </summary>
    public static SquareWindow Tile(int left, int top, int side, int imageWidth, int imageHeight)
    {
        int right = Math.Min(left + side, imageWidth);
        int bottom = Math.Min(top + side, imageHeight);
        return new(left, top, side, new PixelBox(left, top, right - left, bottom - top));
    }

    /// <summary>
    /// face-api's landmark/recognition input: the region centred in a square of side max(w, h). Along the shorter
    /// side round(diff / 2) zero rows/columns go at the end and the rest at the start (<c>padToSquare</c> centred,
    /// JavaScript <c>Math.round</c>), so an odd difference puts the extra pixel at the end.
    /// </summary>
    public static SquareWindow PadCentred(PixelBox content)
    {
        int side = Math.Max(content.Width, content.Height);
        int diff = side - Math.Min(content.Width, content.Height);
        int append = (int)DlibRounding.Round(diff * 0.5);
        int prepend = diff - append;
        return content.Width < content.Height
            ? new(content.X - prepend, content.Y, side, content)
            : new(content.X, content.Y - prepend, side, content);
    }
}
