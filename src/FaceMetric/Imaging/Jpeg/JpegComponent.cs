using System.Buffers;

namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// One image component of a frame (Y, Cb, Cr or gray) and its decoded samples: a plane of 8-bit samples at the
/// component's own (downsampled) resolution, padded to whole blocks of the interleaved MCU grid.
/// </summary>
internal sealed class JpegComponent
{
    public JpegComponent(int index, int id, int horizontalSampling, int verticalSampling, int quantTableIndex)
    {
        Index = index;
        Id = id;
        HorizontalSampling = horizontalSampling;
        VerticalSampling = verticalSampling;
        QuantTableIndex = quantTableIndex;
    }

    /// <summary>Position in the frame header (0-based); colour conversion takes components in this order.</summary>
    public int Index { get; }

    /// <summary>The component identifier scans refer to.</summary>
    public int Id { get; }

    public int HorizontalSampling { get; }

    public int VerticalSampling { get; }

    public int QuantTableIndex { get; }

    /// <summary>libjpeg's downsampled_width: ceil(image width * h / max h).</summary>
    public int DownsampledWidth { get; private set; }

    /// <summary>libjpeg's downsampled_height: ceil(image height * v / max v).</summary>
    public int DownsampledHeight { get; private set; }

    /// <summary>Blocks per row holding real samples (libjpeg's width_in_blocks): ceil(downsampled width / 8).</summary>
    public int WidthInBlocks { get; private set; }

    /// <summary>Block rows holding real samples (libjpeg's height_in_blocks).</summary>
    public int HeightInBlocks { get; private set; }

    /// <summary>Row stride of <see cref="Plane"/>: the MCU grid's blocks per row times 8.</summary>
    public int Stride { get; private set; }

    /// <summary>The component's samples; null until the first scan allocates it.</summary>
    public byte[]? Plane { get; private set; }

    /// <summary>The quantisation table in natural order, latched when the component's scan starts (as libjpeg does).</summary>
    public int[] Quant { get; } = new int[64];

    /// <summary>Set once a scan has decoded every block of the component.</summary>
    public bool Decoded { get; set; }

    /// <summary>Computes the component's geometry within <paramref name="frame"/>.</summary>
    public void Layout(JpegFrame frame)
    {
        DownsampledWidth = CeilDiv(frame.Width * HorizontalSampling, frame.MaxHorizontalSampling);
        DownsampledHeight = CeilDiv(frame.Height * VerticalSampling, frame.MaxVerticalSampling);
        WidthInBlocks = CeilDiv(frame.Width * HorizontalSampling, frame.MaxHorizontalSampling * 8);
        HeightInBlocks = CeilDiv(frame.Height * VerticalSampling, frame.MaxVerticalSampling * 8);
        Stride = frame.McusPerRow * HorizontalSampling * 8;
    }

    /// <summary>Number of plane rows: the MCU grid's block rows times 8.</summary>
    public int PlaneRows(JpegFrame frame) => frame.McuRows * VerticalSampling * 8;

    /// <summary>
    /// Rents <see cref="Plane"/> from the shared array pool (uninitialised, possibly longer than needed: every sample
    /// the upsampler reads is written by a block first). <see cref="ReturnPlane"/> gives it back.
    /// </summary>
    public void RentPlane(JpegFrame frame) =>
        Plane = ArrayPool<byte>.Shared.Rent(checked(Stride * PlaneRows(frame)));

    /// <summary>Returns <see cref="Plane"/> to the pool; the component has no samples afterwards.</summary>
    public void ReturnPlane()
    {
        if (Plane is { } plane)
        {
            Plane = null;
            ArrayPool<byte>.Shared.Return(plane);
        }
    }

    private static int CeilDiv(long a, long b) => (int)((a + b - 1) / b);
}
