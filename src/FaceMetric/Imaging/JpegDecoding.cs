namespace FaceMetric.Imaging;

/// <summary>How <see cref="FaceImage"/> turns JPEG data into pixels.</summary>
public enum JpegDecoding
{
    /// <summary>
    /// The default: exactly the RGB bytes libjpeg(-turbo) gives with its default settings (accurate integer IDCT,
    /// fancy chroma upsampling, its fixed-point YCbCr conversion), which is how dlib's <c>load_image</c> and PIL (so
    /// face_recognition) decode. Descriptors then match theirs for the same file. Sequential Huffman JPEGs (nearly all
    /// photos) are decoded by FaceMetric's own decoder; progressive, arithmetic-coded, 12-bit or CMYK files, and files
    /// it cannot decode whole, go to ImageSharp's decoder.
    /// </summary>
    LibjpegCompatible = 0,

    /// <summary>
    /// Always ImageSharp's JPEG decoder. Its float IDCT and chroma upsampling differ from libjpeg's by about a grey
    /// level, which moves descriptors by a median 0.03 (LFW View 1) from those dlib computes for the same file.
    /// </summary>
    ImageSharp = 1,
}
