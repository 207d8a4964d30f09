namespace FaceMetric.Imaging;

/// <summary>The image container formats <see cref="FaceImage"/> knows, told apart by their first bytes.</summary>
internal enum ContainerFormat
{
    Unknown,
    Jpeg,
    Png,
    Bmp,
    Webp,
    Gif,
    Tiff,
}

/// <summary>Recognises a container by its signature.</summary>
internal static class ContainerSniffer
{
    public static ContainerFormat Sniff(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return ContainerFormat.Jpeg;
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ContainerFormat.Png;
        }

        if (data.Length >= 14 && data[0] == 'B' && data[1] == 'M')
        {
            return ContainerFormat.Bmp;
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ContainerFormat.Webp;
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return ContainerFormat.Gif;
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[(byte)'I', (byte)'I', 42, 0]) || data.StartsWith((ReadOnlySpan<byte>)[(byte)'M', (byte)'M', 0, 42]))
        {
            return ContainerFormat.Tiff;
        }

        return ContainerFormat.Unknown;
    }

    public static string Name(ContainerFormat format) => format switch
    {
        ContainerFormat.Jpeg => "JPEG",
        ContainerFormat.Png => "PNG",
        ContainerFormat.Bmp => "BMP",
        ContainerFormat.Webp => "WebP",
        ContainerFormat.Gif => "GIF",
        ContainerFormat.Tiff => "TIFF",
        _ => "unknown",
    };
}
