using System.Globalization;
using System.Runtime.InteropServices;
using FaceMetric.Imaging.Jpeg;
using SixLabors.ImageSharp;
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
/// Safety: the header is read first and images over <see cref="ImageLimits.MaxPixels"/> are refused before any pixel is
/// decoded; inputs over <see cref="ImageLimits.MaxBytes"/> are refused before they are read where their size is known.
/// Truncated files are detected from their container structure (ImageSharp 2.x alone would decode them partly) and
/// refused. Every bad input raises <see cref="FaceImageException"/>, whatever the decoder threw. Thread-safe.
/// </remarks>
public static class FaceImage
{
    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".webp" };

    /// <summary>
    /// Whether a file name has one of the extensions FaceMetric takes for a photo when it walks a folder (.jpg, .jpeg,
    /// .png, .bmp, .webp, any case). Only the name is looked at; <see cref="Load(string, ImageLimits?)"/> decides by content.
    /// </summary>
    /// <param name="fileName">A file name or path.</param>
    /// <returns>True for a photo's extension.</returns>
    public static bool IsImageFileName(string fileName) => FileExtensions.Contains(Path.GetExtension(fileName));

    private const string StreamName = "<stream>";
    private const string BytesName = "<bytes>";

    /// <summary>Loads an image file.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="limits">What to accept; <see cref="ImageLimits.Default"/> when null.</param>
    /// <returns>The image, in display orientation; the caller owns (and disposes) it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FaceImageException">The file is missing, unreadable, empty, too large, truncated, corrupt or of a
    /// format not accepted; the message names the file and the reason.</exception>
    public static Image<Rgb24> Load(string path, ImageLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= ImageLimits.Default;
        byte[] data;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
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

        return Decode(data, path, limits);
    }

    /// <summary>Loads an image from a stream, reading it from its current position to its end.</summary>
    /// <param name="stream">A readable stream; it is read, not closed.</param>
    /// <param name="limits">What to accept; <see cref="ImageLimits.Default"/> when null.</param>
    /// <returns>The image, in display orientation; the caller owns (and disposes) it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    /// <exception cref="FaceImageException">The data is unreadable, empty, too large, truncated, corrupt or of a format
    /// not accepted; the message names <c>&lt;stream&gt;</c> and the reason.</exception>
    public static Image<Rgb24> Load(Stream stream, ImageLimits? limits = null)
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

        return Decode(data, StreamName, limits);
    }

    /// <summary>Loads an image from encoded bytes in memory (the bytes are not copied when they are an array or part of one).</summary>
    /// <param name="bytes">The encoded image, e.g. the contents of a .jpg file.</param>
    /// <param name="limits">What to accept; <see cref="ImageLimits.Default"/> when null.</param>
    /// <returns>The image, in display orientation; the caller owns (and disposes) it.</returns>
    /// <exception cref="FaceImageException">The bytes are empty, too many, truncated, corrupt or of a format not accepted;
    /// the message names <c>&lt;bytes&gt;</c> and the reason.</exception>
    public static Image<Rgb24> Load(ReadOnlyMemory<byte> bytes, ImageLimits? limits = null)
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

        return Decode(segment, BytesName, limits);
    }

    private static Image<Rgb24> Decode(ArraySegment<byte> data, string name, ImageLimits limits)
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
        Configuration configuration = limits.DecoderConfiguration;

        // The header first: refuse oversized images before decoding a single pixel.
        IImageInfo? info;
        try
        {
            using var headerStream = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false);
            info = Image.Identify(configuration, headerStream);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Unreadable(name, formatName, truncation, ex);
        }

        if (info is null)
        {
            throw Unreadable(name, formatName, truncation, null);
        }

        long pixels = (long)info.Width * info.Height;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new FaceImageException(name, FaceImageError.Corrupt, $"the {formatName} header gives an invalid size {info.Width} x {info.Height}.");
        }

        if (pixels > limits.MaxPixels)
        {
            throw new FaceImageException(
                name,
                FaceImageError.TooLarge,
                string.Create(CultureInfo.InvariantCulture, $"the image is {info.Width} x {info.Height} = {pixels} pixels, over the limit of {limits.MaxPixels} (ImageLimits.MaxPixels)."));
        }

        if (truncation is not null)
        {
            throw new FaceImageException(name, FaceImageError.Truncated, truncation + ".");
        }

        Image<Rgb24>? image = null;
        if (format == ContainerFormat.Jpeg && limits.JpegDecoding == JpegDecoding.LibjpegCompatible)
        {
            // libjpeg's pixels; null (progressive, CMYK, damaged...) falls through to ImageSharp and its error handling.
            image = LibjpegDecoder.TryDecode(span);
            if (image is not null)
            {
                image.Metadata.ExifProfile = info.Metadata.ExifProfile?.DeepClone();
            }
        }

        try
        {
            if (image is null)
            {
                using var stream = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false);
                image = Image.Load<Rgb24>(configuration, stream);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Unreadable(name, formatName, null, ex);
        }

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

    private static FaceImageException Unreadable(string name, string formatName, string? truncation, Exception? ex)
    {
        if (truncation is not null)
        {
            return new FaceImageException(name, FaceImageError.Truncated, truncation + ".", ex);
        }

        string why = ex is null ? "the decoder does not recognise it" : ex.Message;
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
