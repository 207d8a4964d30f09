namespace FaceMetric.Identification;

/// <summary>Why a gallery file was refused by <see cref="FaceGallery.Load"/>.</summary>
public enum FaceGalleryFormatError
{
    /// <summary>The file does not start with the magic bytes "FMGALLRY": it is not a FaceMetric gallery.</summary>
    ForeignFile,

    /// <summary>The file is a gallery of a format version this library does not read.</summary>
    UnsupportedVersion,

    /// <summary>The file ends before its header says it should (empty, or cut short by an interrupted copy).</summary>
    Truncated,

    /// <summary>The SHA-256 checksum does not match the contents: the file was damaged after it was written.</summary>
    ChecksumMismatch,

    /// <summary>The descriptors have a dimension other than 128: they come from another model.</summary>
    WrongDimension,

    /// <summary>The checksum matches but the contents break the format's rules (not written by this library).</summary>
    Malformed,

    /// <summary>The path is not a regular file (a folder, FIFO, socket or device) or cannot be opened as one (a symlink
    /// loop); refused before it is read.</summary>
    NotARegularFile,
}
