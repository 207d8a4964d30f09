using System.Globalization;
using System.Runtime.InteropServices;
using FaceMetric.Imaging.Jpeg;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceMetric.Imaging;

/// <summary>
/// Loads photos for face analysis as 8-bit RGB: JPEG, PNG, BMP and WebP always, GIF and TIFF when
/// <see cref="ImageLimits"/> allows them. Grayscale, palette, RGBA (alpha dropped, not blended), 16-bit and CMYK/YCCK
/// inputs are converted to <see cref="Rgb24"/>; the EXIF orientation is applied, so the pixels come out the way the
/// photo is meant to be seen (and the orientation tag is reset). Multi-frame images give their first frame. JPEGs are
/// decoded to libjpeg's exact pixels by default (<see cref="ImageLimits.JpegDecoding"/>), as dlib and PIL decode them.
/// </summary>
/// <remarks>
/// Safety: only regular files are opened; the header is read first and images over <see cref="ImageLimits.MaxPixels"/>
/// are refused before any pixel is decoded (a JPEG's frame header is read once, by the same marker walk the exact decoder
/// decodes from); inputs over <see cref="ImageLimits.MaxBytes"/> are refused before they are read where their size is
/// known; metadata over <see cref="ImageLimits.MaxMetadataBytes"/> is refused before it is inflated or parsed; decoding is
/// held to <see cref="ImageLimits.MaxAllocationBytes"/>. Truncated files are detected from their container structure and
/// refused; JPEGs the exact decoder finds damaged are refused, not patched (unless
/// <see cref="ImageLimits.LenientDamagedJpeg"/>), and damage a decoder recovers from is reported as a load warning:
/// every warning libjpeg gives, and beyond libjpeg any scan or restart interval whose entropy-coded data was not consumed
/// exactly. Progressive JPEGs, which ImageSharp decodes, have their scans read for the same damage first. A damaged file
/// that is still a well-formed JPEG (a flipped coefficient bit the Huffman stream absorbs) decodes as the picture it now
/// codes: no decoder can tell it from an intact one. Every bad input raises <see cref="FaceImageException"/>, whatever the decoder threw. Thread-safe.
/// </remarks>
public static class FaceImage
{
    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".webp" };

    /// <summary>
    /// Whether a file name has one of the extensions FaceMetric takes for a photo when it walks a folder (.jpg, .jpeg,
    /// .png, .bmp, .webp, any case). Only the name is looked at; <see cref="Load(string, ImageLimits?, ICollection{string}?)"/> decides by content.
    /// </summary>
    /// <param name="fileName">A file name or path.</param>
    /// <returns>True for a photo's extension.</returns>
    public static bool IsImageFileName(string fileName) => FileExtensions.Contains(Path.GetExtension(fileName));

    private const string StreamName = "<stream>";
    private const string BytesName = "<bytes>";

    /// <summary>Loads an image file.</summary>
    /// <param name="path">The file's path; it must be a regular file (folders, FIFOs, sockets and devices are refused
    /// before they are read).</param>
    /// <param name="limits">What to accept; <see cref="ImageLimits.Default"/> when null.</param>
    /// <param name="warnings">Receives one line per damage a decoder recovered from (libjpeg's warnings, or a lenient
    /// decode allowed by <see cref="ImageLimits.LenientDamagedJpeg"/>); nothing for an intact file. Null to ignore them.</param>
    /// <returns>The image, in display orientation; the caller owns (and disposes) it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FaceImageException">The file is missing, not a regular file, unreadable, empty, too large,
    /// truncated, corrupt, of a format not accepted, or over a budget of <paramref name="limits"/>; the message names the
    /// file and the reason.</exception>
    public static Image<Rgb24> Load(string path, ImageLimits? limits = null, ICollection<string>? warnings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= ImageLimits.Default;
        byte[] data;
        try
        {
            using FileStream file = RegularFile.TryOpenRead(path, out string? why) ?? throw new FaceImageException(
                path,
                Directory.Exists(path) ? FaceImageError.Unreadable : FaceImageError.NotARegularFile,
                why + " (only regular files are read).");
            data = ReadAll(file, path, limits);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FaceImageException(path, FaceImageError.NotFound, "the file does not exist.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new FaceImageException(path, FaceImageError.Unreadable, $"the file cannot be read ({ex.Message}).", ex);
        }

        return Decode(data, path, limits, warnings);
    }

    /// <summary>Loads an image from a stream, reading it from its current position to its end.</summary>
    /// <param name="stream">A readable stream; it is read, not closed.</param>
    /// <param name="limits">What to accept; <see cref="ImageLimits.Default"/> when null.</param>
    /// <param name="warnings">Receives one line per damage a decoder recovered from; null to ignore them.</param>
    /// <returns>The image, in display orientation; the caller owns (and disposes) it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    /// <exception cref="FaceImageException">The data is unreadable, empty, too large, truncated, corrupt, of a format
    /// not accepted or over a budget; the message names <c>&lt;stream&gt;</c> and the reason.</exception>
    public static Image<Rgb24> Load(Stream stream, ImageLimits? limits = null, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        limits ??= ImageLimits.Default;
        byte[] data;
        try
        {
            data = ReadAll(stream, StreamName, limits);
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or ObjectDisposedException or UnauthorizedAccessException)
        {
            throw new FaceImageException(StreamName, FaceImageError.Unreadable, $"the stream cannot be read ({ex.Message}).", ex);
        }

        return Decode(data, StreamName, limits, warnings);
    }

    /// <summary>Loads an image from encoded bytes in memory (the bytes are not copied when they are an array or part of one).</summary>
    /// <param name="bytes">The encoded image, e.g. the contents of a .jpg file.</param>
    /// <param name="limits">What to accept; <see cref="ImageLimits.Default"/> when null.</param>
    /// <param name="warnings">Receives one line per damage a decoder recovered from; null to ignore them.</param>
    /// <returns>The image, in display orientation; the caller owns (and disposes) it.</returns>
    /// <exception cref="FaceImageException">The bytes are empty, too many, truncated, corrupt, of a format not accepted
    /// or over a budget; the message names <c>&lt;bytes&gt;</c> and the reason.</exception>
    public static Image<Rgb24> Load(ReadOnlyMemory<byte> bytes, ImageLimits? limits = null, ICollection<string>? warnings = null)
    {
        limits ??= ImageLimits.Default;
        if (bytes.Length > limits.MaxBytes)
        {
            throw TooManyBytes(BytesName, bytes.Length, limits);
        }

        if (!MemoryMarshal.TryGetArray(bytes, out ArraySegment<byte> segment))
        {
            segment = bytes.ToArray();
        }

        return Decode(segment, BytesName, limits, warnings);
    }

    private static Image<Rgb24> Decode(ArraySegment<byte> data, string name, ImageLimits limits, ICollection<string>? warnings)
    {
        ReadOnlySpan<byte> span = data;
        if (span.IsEmpty)
        {
            throw new FaceImageException(name, FaceImageError.Empty, "the input is empty (0 bytes).");
        }

        ContainerFormat format = ContainerSniffer.Sniff(span);
        string formatName = ContainerSniffer.Name(format);
        switch (format)
        {
            case ContainerFormat.Unknown:
                throw new FaceImageException(name, FaceImageError.UnknownFormat, "the data is not a JPEG, PNG, BMP, WebP, GIF or TIFF image.");
            case ContainerFormat.Gif when !limits.AllowGif:
            case ContainerFormat.Tiff when !limits.AllowTiff:
                throw new FaceImageException(
                    name,
                    FaceImageError.FormatNotEnabled,
                    $"{formatName} images are not accepted (set ImageLimits.Allow{(format == ContainerFormat.Gif ? "Gif" : "Tiff")} to accept them).");
        }

        string? truncation = ContainerIntegrity.FindTruncation(format, span);

        // Metadata first of all: ImageSharp's header reader already inflates PNG text chunks.
        if (MetadataBudget.FindExcess(format, span, limits.MaxMetadataBytes) is long excess)
        {
            throw new FaceImageException(name, FaceImageError.MetadataTooLarge, MetadataBudget.Describe(formatName, excess, limits.MaxMetadataBytes) + ".");
        }

        // The header first: refuse oversized images before decoding a single pixel. A JPEG's frame header is read by
        // JpegContainer, the same reading the exact decoder then decodes from; other formats by ImageSharp's Identify.
        JpegContainer? jpeg = null;
        int width, height;
        long metadataBytes = 0;
        if (format == ContainerFormat.Jpeg)
        {
            try
            {
                jpeg = JpegContainer.Read(span);
            }
            catch (JpegRejectedException ex)
            {
                throw truncation is not null
                    ? new FaceImageException(name, FaceImageError.Truncated, truncation + ".")
                    : new FaceImageException(name, FaceImageError.Corrupt, $"the JPEG data is invalid ({ex.Message}).");
            }

            width = jpeg.Frame.Width;
            height = jpeg.Frame.Height;
            metadataBytes = jpeg.MetadataBytes;
        }
        else
        {
            IImageInfo info = Identify(data, name, formatName, truncation, limits);
            width = info.Width;
            height = info.Height;
        }

        long pixels = (long)width * height;
        if (width <= 0 || height <= 0)
        {
            throw new FaceImageException(name, FaceImageError.Corrupt, $"the {formatName} header gives an invalid size {width} x {height}.");
        }

        if (pixels > limits.MaxPixels)
        {
            throw new FaceImageException(
                name,
                FaceImageError.TooLarge,
                string.Create(CultureInfo.InvariantCulture, $"the image is {width} x {height} = {pixels} pixels, over the limit of {limits.MaxPixels} (ImageLimits.MaxPixels)."));
        }

        if (truncation is not null)
        {
            throw new FaceImageException(name, FaceImageError.Truncated, truncation + ".");
        }

        if (metadataBytes > limits.MaxMetadataBytes)
        {
            throw new FaceImageException(name, FaceImageError.MetadataTooLarge, MetadataBudget.Describe(formatName, metadataBytes, limits.MaxMetadataBytes) + ".");
        }

        Image<Rgb24>? image = null;
        if (jpeg is not null && limits.JpegDecoding == JpegDecoding.LibjpegCompatible)
        {
            image = DecodeExact(span, jpeg, name, limits, warnings);
        }

        image ??= DecodeWithImageSharp(data, name, formatName, width, height, limits);

        try
        {
            if (image.Frames.Count > 1)
            {
                Image<Rgb24> first = image.Frames.CloneFrame(0);
                image.Dispose();
                image = first;
            }

            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            image.Dispose();
            throw Unreadable(name, formatName, null, ex);
        }
    }

    // libjpeg's pixels, or null when the file uses what the exact decoder leaves to ImageSharp (or a damaged file may go
    // there because LenientDamagedJpeg allows it).
    private static Image<Rgb24>? DecodeExact(ReadOnlySpan<byte> span, JpegContainer jpeg, string name, ImageLimits limits, ICollection<string>? warnings)
    {
        long bytes = jpeg.Frame.DecoderBytes();
        if (bytes > limits.MaxAllocationBytes)
        {
            throw AllocationTooLarge(name, bytes, limits);
        }

        var recovered = new List<string>();
        Image<Rgb24>? image = LibjpegDecoder.TryDecode(span, jpeg.Frame, recovered, out JpegRejectedException? rejection);
        if (image is not null)
        {
            if (jpeg.Orientation != 1)
            {
                image.Metadata.ExifProfile = new ExifProfile();
                image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)jpeg.Orientation);
            }

            AddWarnings(warnings, recovered);
            return image;
        }

        if (rejection is { Unsupported: true })
        {
            // ImageSharp decodes progressive files without a word about damage: their scans are checked first.
            if (jpeg.Frame.Marker == JpegMarker.Sof2)
            {
                var found = new List<string>();
                if (!LibjpegDecoder.CheckProgressive(span, jpeg.Frame, found, out JpegRejectedException? damage))
                {
                    if (!limits.LenientDamagedJpeg)
                    {
                        throw new FaceImageException(name, FaceImageError.Corrupt, $"the progressive JPEG data is damaged ({damage?.Message}); refused rather than patched (ImageLimits.LenientDamagedJpeg).");
                    }

                    found.Add($"damaged progressive JPEG ({damage?.Message}) decoded leniently by ImageSharp: the damaged part is guessed");
                }

                AddWarnings(warnings, found);
            }

            return null;
        }

        if (!limits.LenientDamagedJpeg)
        {
            throw new FaceImageException(name, FaceImageError.Corrupt, $"the JPEG data is damaged ({rejection?.Message}); refused rather than patched (ImageLimits.LenientDamagedJpeg).");
        }

        AddWarnings(warnings, [$"damaged JPEG ({rejection?.Message}) decoded leniently by ImageSharp: the damaged part is guessed"]);
        return null;
    }

    private static Image<Rgb24> DecodeWithImageSharp(ArraySegment<byte> data, string name, string formatName, int width, int height, ImageLimits limits)
    {
        Image<Rgb24> image;
        using (AllocationBudget budget = AllocationBudget.Enter(limits.MaxAllocationBytes))
        {
            try
            {
                // A second reader of the header (ImageSharp's) must agree with the first before it allocates a pixel.
                using (var headerStream = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false))
                {
                    IImageInfo? info = Image.Identify(limits.DecoderConfiguration, headerStream);
                    if (info is null || info.Width != width || info.Height != height)
                    {
                        throw new FaceImageException(name, FaceImageError.Corrupt, string.Create(
                            CultureInfo.InvariantCulture,
                            $"the {formatName} frame headers disagree ({width} x {height} against {info?.Width ?? 0} x {info?.Height ?? 0})."));
                    }
                }

                using var stream = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false);
                image = Image.Load<Rgb24>(limits.DecoderConfiguration, stream);
            }
            catch (Exception ex) when (budget.Exceeded && ex is not OutOfMemoryException)
            {
                throw AllocationTooLarge(name, limits.MaxAllocationBytes + 1, limits);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not FaceImageException)
            {
                throw Unreadable(name, formatName, null, ex);
            }
        }

        if (image.Width != width || image.Height != height)
        {
            image.Dispose();
            throw new FaceImageException(name, FaceImageError.Corrupt, $"the {formatName} decoder produced a size its header does not give.");
        }

        return image;
    }

    private static IImageInfo Identify(ArraySegment<byte> data, string name, string formatName, string? truncation, ImageLimits limits)
    {
        IImageInfo? info;
        using (AllocationBudget budget = AllocationBudget.Enter(limits.MaxAllocationBytes))
        {
            try
            {
                using var headerStream = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false);
                info = Image.Identify(limits.DecoderConfiguration, headerStream);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw budget.Exceeded ? AllocationTooLarge(name, limits.MaxAllocationBytes + 1, limits) : Unreadable(name, formatName, truncation, ex);
            }
        }

        return info ?? throw Unreadable(name, formatName, truncation, null);
    }

    private static void AddWarnings(ICollection<string>? warnings, List<string> found)
    {
        if (warnings is null)
        {
            return;
        }

        foreach (string warning in found)
        {
            warnings.Add(warning);
        }
    }

    private static FaceImageException AllocationTooLarge(string name, long bytes, ImageLimits limits) =>
        new(name, FaceImageError.AllocationTooLarge, string.Create(
            CultureInfo.InvariantCulture,
            $"decoding needs more than {limits.MaxAllocationBytes} bytes (at least {bytes}; ImageLimits.MaxAllocationBytes)."));

    private static FaceImageException Unreadable(string name, string formatName, string? truncation, Exception? ex)
    {
        if (truncation is not null)
        {
            return new FaceImageException(name, FaceImageError.Truncated, truncation + ".", ex);
        }

        // ImageSharp's own format errors read well; anything else is a defect inside it, whose message would mean nothing.
        string why = ex switch
        {
            null => "the decoder does not recognise it",
            ImageFormatException or InvalidDataException => ex.Message,
            _ => $"the decoder failed on it ({ex.GetType().Name})",
        };
        return new FaceImageException(name, FaceImageError.Corrupt, $"the {formatName} data is invalid ({why}).", ex);
    }

    private static FaceImageException TooManyBytes(string name, long length, ImageLimits limits) =>
        new(name, FaceImageError.TooLarge, string.Create(
            CultureInfo.InvariantCulture, $"the input has {length} bytes, over the limit of {limits.MaxBytes} (ImageLimits.MaxBytes)."));

    private static byte[] ReadAll(Stream stream, string name, ImageLimits limits)
    {
        if (stream.CanSeek)
        {
            long remaining = Math.Max(0, stream.Length - stream.Position);
            if (remaining > limits.MaxBytes)
            {
                throw TooManyBytes(name, remaining, limits);
            }

            byte[] data = new byte[remaining];
            stream.ReadExactly(data);
            return data;
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limits.MaxBytes)
            {
                throw TooManyBytes(name, buffer.Length + read, limits);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
