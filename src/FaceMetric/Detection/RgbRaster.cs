namespace FaceMetric.Detection;

/// <summary>An interleaved RGB image (3 bytes per pixel, rows packed), the form dlib's HOG detector works on.</summary>
internal sealed class RgbRaster
{
    public RgbRaster(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        Width = width;
        Height = height;
        Pixels = new byte[checked(width * height * 3)];
    }

    /// <summary>A raster over <paramref name="pixels"/> (e.g. a pooled array), which may be longer than it needs.</summary>
    public RgbRaster(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels.Length, checked(width * height * 3));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public int Stride => Width * 3;
}
