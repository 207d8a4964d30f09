namespace FaceMetric.Imaging;

/// <summary>Why an image could not be loaded (<see cref="FaceImageException.Reason"/>).</summary>
public enum FaceImageError
{
    /// <summary>The file does not exist (or a folder on its path does not).</summary>
    NotFound,

    /// <summary>The file or stream could not be read: access denied, a folder instead of a file, or an I/O error.</summary>
    Unreadable,

    /// <summary>The input holds zero bytes.</summary>
    Empty,

    /// <summary>The bytes are not a JPEG, PNG, BMP, WebP, GIF or TIFF image (a text file renamed .jpg, for instance).</summary>
    UnknownFormat,

    /// <summary>A GIF or TIFF image, and <see cref="ImageLimits"/> does not allow that format.</summary>
    FormatNotEnabled,

    /// <summary>The image has more pixels than <see cref="ImageLimits.MaxPixels"/>, or more bytes than
    /// <see cref="ImageLimits.MaxBytes"/>. Refused before decoding.</summary>
    TooLarge,

    /// <summary>The data ends before the format's end marker (JPEG EOI, PNG IEND, the RIFF size of WebP, the pixel data of a
    /// BMP, the first frame of a GIF, the strips of a TIFF).</summary>
    Truncated,

    /// <summary>The format is recognised but its content is invalid (bad header, checksum or compressed data).</summary>
    Corrupt,

    /// <summary>The path is a FIFO, socket or device, not a regular file: refused before it is read, so a FIFO cannot block
    /// the caller. (A folder is <see cref="Unreadable"/>, also refused before it is opened.)</summary>
    NotARegularFile,

    /// <summary>The metadata and ancillary data (JPEG APPn/COM segments; PNG text, ICC and EXIF chunks, compressed ones
    /// counted as they inflate; WebP EXIF/XMP/ICC chunks) exceed <see cref="ImageLimits.MaxMetadataBytes"/>. Checked
    /// before the decoder inflates or parses any of it.</summary>
    MetadataTooLarge,

    /// <summary>Decoding would allocate more than <see cref="ImageLimits.MaxAllocationBytes"/> (estimated from the
    /// header, and enforced on every buffer the decoder asks for).</summary>
    AllocationTooLarge,

    /// <summary>The image loaded, but the detector chosen will not scan it at its upsampling: the scan would exceed
    /// <see cref="Detection.HogDetectorOptions.MaxScannedPixels"/> or <see cref="Detection.CnnDetectorOptions.MaxScannedPixels"/>
    /// (<see cref="Detection.ScanTooLargeException"/>). Only batches report it (<see cref="FaceAnalyzer.AnalyzeFiles"/>);
    /// the default front end scans such photos at a lower upsampling instead.</summary>
    TooLargeToDetect,
}
