using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;

namespace FaceMetric.Imaging;

/// <summary>
/// What <see cref="FaceImage"/> agrees to decode: a pixel budget checked from the header before any decoding, a byte
/// budget checked before reading, and the formats beyond JPEG, PNG, BMP and WebP. GIF and TIFF are off by default: their
/// decoders carry most of ImageSharp 2.x's published advisories; turn them on only for inputs you trust more.
/// </summary>
/// <remarks>Immutable once initialised (init-only properties) and thread-safe.</remarks>
public sealed class ImageLimits
{
    /// <summary>The default pixel budget: 40 megapixels.</summary>
    public const long DefaultMaxPixels = 40_000_000;

    /// <summary>The default byte budget: 256 MiB.</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>The default metadata budget: 16 MiB (a photo's EXIF, XMP and ICC profile take well under 1 MiB).</summary>
    public const long DefaultMaxMetadataBytes = 16L * 1024 * 1024;

    /// <summary>The default allocation ceiling per image: 1 GiB (a 40-megapixel progressive JPEG needs about half).</summary>
    public const long DefaultMaxAllocationBytes = 1024L * 1024 * 1024;

    private readonly long _maxPixels = DefaultMaxPixels;
    private readonly long _maxBytes = DefaultMaxBytes;
    private readonly long _maxMetadataBytes = DefaultMaxMetadataBytes;
    private readonly long _maxAllocationBytes = DefaultMaxAllocationBytes;
    private readonly Lazy<Configuration> _configuration;

    /// <summary>Creates limits with the defaults: 40 megapixels, 256 MiB, JPEG/PNG/BMP/WebP only.</summary>
    public ImageLimits()
    {
        _configuration = new Lazy<Configuration>(CreateConfiguration, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The default limits.</summary>
    public static ImageLimits Default { get; } = new();

    /// <summary>The most pixels (width x height) an image may have; checked from the header, before decoding. 1 or more.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public long MaxPixels
    {
        get => _maxPixels;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxPixels = value;
        }
    }

    /// <summary>The most bytes an encoded image may have; checked before reading where the size is known. 1 to
    /// <see cref="Array.MaxLength"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1 or above <see cref="Array.MaxLength"/>.</exception>
    public long MaxBytes
    {
        get => _maxBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Array.MaxLength);
            _maxBytes = value;
        }
    }

    /// <summary>
    /// The most bytes of metadata and ancillary data an image may carry (JPEG APPn/COM segments; PNG tEXt, zTXt, iTXt,
    /// iCCP, eXIf and unknown ancillary chunks, compressed ones counted by their inflated size, inflated only up to this
    /// budget; WebP EXIF, XMP and ICC chunks; GIF comment, application and plain-text extensions; TIFF tags other than the
    /// picture's layout: strings, ICC, XMP, IPTC, EXIF and GPS directories). Checked before any decoder parses them. 1 or more.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public long MaxMetadataBytes
    {
        get => _maxMetadataBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxMetadataBytes = value;
        }
    }

    /// <summary>
    /// The most bytes decoding one image may allocate: estimated from the frame header before decoding (the
    /// libjpeg-exact decoder's planes and output), and enforced on every buffer ImageSharp's decoders ask for. 1 or more.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public long MaxAllocationBytes
    {
        get => _maxAllocationBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxAllocationBytes = value;
        }
    }

    /// <summary>
    /// Whether a JPEG that the libjpeg-exact decoder refuses as damaged (entropy-coded data cut short, a restart marker
    /// missing) is handed to ImageSharp's lenient decoder, which patches the damage. Off by default: damaged files are
    /// refused with <see cref="FaceImageError.Corrupt"/>. When on, such a file decodes with a load warning. Formats the
    /// exact decoder does not implement (progressive, arithmetic, CMYK, 12-bit) always go to ImageSharp.
    /// </summary>
    public bool LenientDamagedJpeg { get; init; }

    /// <summary>Whether GIF images are decoded (first frame only). Off by default.</summary>
    public bool AllowGif { get; init; }

    /// <summary>Whether TIFF images are decoded (first page only). Off by default.</summary>
    public bool AllowTiff { get; init; }

    /// <summary>Which decoder turns JPEG data into pixels. Default <see cref="JpegDecoding.LibjpegCompatible"/>.</summary>
    public JpegDecoding JpegDecoding { get; init; } = JpegDecoding.LibjpegCompatible;

    /// <summary>An ImageSharp configuration that knows only the allowed formats, built once.</summary>
    internal Configuration DecoderConfiguration => _configuration.Value;

    private Configuration CreateConfiguration()
    {
        var modules = new List<IConfigurationModule>
        {
            new JpegConfigurationModule(),
            new PngConfigurationModule(),
            new BmpConfigurationModule(),
            new WebpConfigurationModule(),
        };
        if (AllowGif)
        {
            modules.Add(new GifConfigurationModule());
        }

        if (AllowTiff)
        {
            modules.Add(new TiffConfigurationModule());
        }

        var configuration = new Configuration([.. modules])
        {
            PreferContiguousImageBuffers = true,
            MemoryAllocator = BudgetedMemoryAllocator.Instance,
        };
        if (AllowGif)
        {
            configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        }

        if (AllowTiff)
        {
            configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        }

        return configuration;
    }
}
