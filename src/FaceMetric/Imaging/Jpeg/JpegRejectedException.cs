namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Raised inside the libjpeg-exact decoder when a file is corrupt, truncated, or uses something it does not implement
/// (progressive, arithmetic coding, 12-bit, CMYK, ...). <see cref="LibjpegDecoder.TryDecode(ReadOnlySpan{byte})"/>
/// turns it into a null result; it never leaves the decoder.
/// </summary>
internal sealed class JpegRejectedException : Exception
{
    public JpegRejectedException(string reason)
        : base(reason)
    {
    }

    /// <summary>True when the file is well formed but uses a feature this decoder leaves to ImageSharp.</summary>
    public bool Unsupported { get; init; }

    public static JpegRejectedException Corrupt(string reason) => new(reason);

    public static JpegRejectedException NotSupported(string feature) => new(feature) { Unsupported = true };
}
