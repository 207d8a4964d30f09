namespace FaceMetric.Imaging.Jpeg;

/// <summary>The frame header (SOF0/SOF1) and the interleaved MCU grid it implies.</summary>
internal sealed class JpegFrame
{
    /// <summary>Largest image libjpeg accepts on either side (JPEG_MAX_DIMENSION).</summary>
    public const int MaxDimension = 65500;

    public JpegFrame(int width, int height, JpegComponent[] components)
    {
        Width = width;
        Height = height;
        Components = components;
        foreach (JpegComponent c in components)
        {
            MaxHorizontalSampling = Math.Max(MaxHorizontalSampling, c.HorizontalSampling);
            MaxVerticalSampling = Math.Max(MaxVerticalSampling, c.VerticalSampling);
        }

        McusPerRow = (width + (8 * MaxHorizontalSampling) - 1) / (8 * MaxHorizontalSampling);
        McuRows = (height + (8 * MaxVerticalSampling) - 1) / (8 * MaxVerticalSampling);
        foreach (JpegComponent c in components)
        {
            c.Layout(this);
        }
    }

    public int Width { get; }

    public int Height { get; }

    public JpegComponent[] Components { get; }

    public int MaxHorizontalSampling { get; }

    public int MaxVerticalSampling { get; }

    /// <summary>MCUs per row of an interleaved scan: ceil(width / (8 * max h)).</summary>
    public int McusPerRow { get; }

    /// <summary>MCU rows of an interleaved scan: ceil(height / (8 * max v)).</summary>
    public int McuRows { get; }

    /// <summary>Finds the component a scan names by its identifier; null when none has it.</summary>
    public JpegComponent? FindComponent(int id)
    {
        foreach (JpegComponent c in Components)
        {
            if (c.Id == id)
            {
                return c;
            }
        }

        return null;
    }
}
