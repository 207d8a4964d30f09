using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Decodes sequential Huffman JPEGs (SOF0/SOF1, 8-bit, gray or 3-component YCbCr/RGB) to exactly the RGB bytes
/// libjpeg-turbo 2.1 gives with its default decompression settings (jpeg_read_header + jpeg_start_decompress, output
/// JCS_RGB): the accurate integer IDCT, fancy upsampling and libjpeg's fixed-point colour conversion. That is how
/// dlib's load_image and PIL decode JPEGs, so faces see the pixels dlib sees.
/// </summary>
/// <remarks>
/// Where a file is damaged, libjpeg often decodes it anyway with a warning. This decoder follows libjpeg where the
/// outcome is still a whole picture (extra bytes before a marker, a missing EOI, a Huffman code that matches nothing,
/// which libjpeg reads as symbol 0) and returns null where libjpeg would patch missing data (entropy-coded data cut
/// short, which libjpeg fills with zeros; a restart marker missing or out of order, which it resynchronises).
/// Coefficients so large that libjpeg-turbo's SIMD code overflows its 16-bit lanes (only in damaged or crafted files)
/// are decoded as its C code decodes them.
/// </remarks>
internal static class LibjpegDecoder
{
    /// <summary>
    /// Decodes <paramref name="file"/>, or returns null when it is corrupt or truncated, or uses something this
    /// decoder does not implement (progressive, arithmetic, lossless, hierarchical, 12-bit, 2 or 4+ components,
    /// non-integral sampling ratios, images over 400 megapixels). Never throws except for
    /// <see cref="OutOfMemoryException"/>. The EXIF orientation is not applied. Thread-safe.
    /// </summary>
    /// <returns>The decoded image (the caller disposes it), or null.</returns>
    public static Image<Rgb24>? TryDecode(ReadOnlySpan<byte> file) => TryDecode(file, out _);

    /// <summary>As <see cref="TryDecode(ReadOnlySpan{byte})"/>, also saying why the file was refused.</summary>
    /// <param name="file">The JPEG file's bytes.</param>
    /// <param name="rejection">Null on success; otherwise the reason, and whether the file is merely unsupported.</param>
    public static Image<Rgb24>? TryDecode(ReadOnlySpan<byte> file, out JpegRejectedException? rejection)
    {
        JpegContainer container;
        try
        {
            container = JpegContainer.Read(file);
        }
        catch (JpegRejectedException ex)
        {
            rejection = ex;
            return null;
        }

        return TryDecode(file, container.Frame, null, out rejection);
    }

    /// <summary>
    /// Decodes <paramref name="file"/> with the frame header <see cref="JpegContainer"/> read from it (the decoder
    /// refuses any other SOF segment), reporting what it recovered from.
    /// </summary>
    /// <param name="file">The JPEG file's bytes.</param>
    /// <param name="header">The file's frame header, from <see cref="JpegContainer.Read"/>.</param>
    /// <param name="warnings">Receives libjpeg's warnings for damage the decoder recovered from; null to ignore them.</param>
    /// <param name="rejection">Null on success; otherwise the reason, and whether the file is merely unsupported.</param>
    /// <returns>The decoded image (the caller disposes it), or null.</returns>
    public static Image<Rgb24>? TryDecode(ReadOnlySpan<byte> file, JpegFrameHeader header, ICollection<string>? warnings, out JpegRejectedException? rejection)
    {
        rejection = null;
        try
        {
            using var decoder = new JpegStreamDecoder();
            decoder.Decode(file, header);
            Image<Rgb24> image = WriteImage(decoder.Frame, decoder.ColorSpace);
            if (warnings is not null)
            {
                foreach (string warning in decoder.Warnings)
                {
                    warnings.Add(warning);
                }
            }

            return image;
        }
        catch (JpegRejectedException ex)
        {
            rejection = ex;
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A defect, not a property of the file: still no exception for the caller.
            rejection = JpegRejectedException.Corrupt($"decoder failure: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// Reads a progressive (SOF2, 8-bit) file's markers and scans with <see cref="ProgressiveScanChecker"/>, decoding
    /// nothing, to report the damage libjpeg would warn about (and the inconsistencies it checks beyond libjpeg) before
    /// ImageSharp decodes the file. Never throws except for <see cref="OutOfMemoryException"/>. Thread-safe.
    /// </summary>
    /// <param name="file">The JPEG file's bytes.</param>
    /// <param name="header">The file's frame header, from <see cref="JpegContainer.Read"/>.</param>
    /// <param name="warnings">Receives a line per damage found in data that can still be decoded.</param>
    /// <param name="rejection">Null when the file was checked, or is of a kind the checker does not read
    /// (<see cref="JpegRejectedException.Unsupported"/>); otherwise why it is corrupt or truncated.</param>
    /// <returns>False when the file is corrupt or truncated.</returns>
    public static bool CheckProgressive(ReadOnlySpan<byte> file, JpegFrameHeader header, ICollection<string> warnings, out JpegRejectedException? rejection)
    {
        rejection = null;
        try
        {
            using var checker = new JpegStreamDecoder(checkProgressive: true);
            checker.Decode(file, header);
            foreach (string warning in checker.Warnings)
            {
                warnings.Add(warning);
            }

            return true;
        }
        catch (JpegRejectedException ex)
        {
            if (ex.Unsupported)
            {
                return true;
            }

            rejection = ex;
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            rejection = JpegRejectedException.Corrupt($"checker failure: {ex.GetType().Name}: {ex.Message}");
            return false;
        }
    }

    // Upsampling and colour conversion (jdsample.c + jdcolor.c), one output row at a time.
    private static Image<Rgb24> WriteImage(JpegFrame frame, JpegColorSpace colorSpace)
    {
        JpegComponent[] components = frame.Components;
        var upsamplers = new FancyUpsampler[components.Length];
        for (int i = 0; i < components.Length; i++)
        {
            upsamplers[i] = new FancyUpsampler(frame, components[i]);
        }

        var image = new Image<Rgb24>(frame.Width, frame.Height);
        try
        {
            for (int y = 0; y < frame.Height; y++)
            {
                Span<byte> rgb = MemoryMarshal.AsBytes(image.DangerousGetPixelRowMemory(y).Span);
                switch (colorSpace)
                {
                    case JpegColorSpace.Grayscale:
                        YccToRgb.GrayRow(upsamplers[0].Row(y), rgb);
                        break;
                    case JpegColorSpace.YCbCr:
                        YccToRgb.ConvertRow(upsamplers[0].Row(y), upsamplers[1].Row(y), upsamplers[2].Row(y), rgb);
                        break;
                    default:
                        YccToRgb.InterleaveRow(upsamplers[0].Row(y), upsamplers[1].Row(y), upsamplers[2].Row(y), rgb);
                        break;
                }
            }

            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }
}
