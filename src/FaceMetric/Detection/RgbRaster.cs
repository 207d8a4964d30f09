namespace FaceMetric.Detection;

/// <summary>An interleaved RGB image (3 bytes per pixel, rows packed), the form dlib's HOG detector works on.</summary>
internal sealed class RgbRaster
{
    private readonly Memory<byte> _pixels;

    public RgbRaster(int width, int height)
        : this(width, height, new byte[checked(width * height * 3)])
    {
    }

    /// <summary>A raster over <paramref name="pixels"/> (e.g. a pooled array), which may be longer than it needs.</summary>
    public RgbRaster(int width, int height, byte[] pixels)
        : this(width, height, pixels.AsMemory())
    {
    }

    /// <summary>A raster over <paramref name="pixels"/> (e.g. a HOG work block), which may be longer than it needs.</summary>
    public RgbRaster(int width, int height, Memory<byte> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        int length = checked(width * height * 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels.Length, length);
        Width = width;
        Height = height;
        _pixels = pixels[..length];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pixels: exactly <see cref="Width"/> x <see cref="Height"/> x 3 bytes, row after row.</summary>
    public Span<byte> Pixels => _pixels.Span;

    public int Stride => Width * 3;
}
