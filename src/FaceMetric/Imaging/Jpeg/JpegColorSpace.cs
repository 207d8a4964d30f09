namespace FaceMetric.Imaging.Jpeg;

/// <summary>The colour space of the coded components, as libjpeg infers it.</summary>
internal enum JpegColorSpace
{
    Grayscale,
    YCbCr,
    Rgb,
}

/// <summary>
/// libjpeg's guess of the coded colour space (jdapimin.c default_decompress_parms) from what the header says.
/// </summary>
internal static class JpegColorSpaceRule
{
    /// <summary>
    /// One component: grayscale. Three: YCbCr when a JFIF APP0 was seen; else, with an Adobe APP14, RGB for transform 0
    /// and YCbCr for any other (1, or an unknown value libjpeg warns about); else RGB for component ids 'R','G','B'
    /// and YCbCr for everything else (1,2,3 or unknown ids).
    /// </summary>
    /// <exception cref="JpegRejectedException">Two, four or more components (CMYK/YCCK are left to ImageSharp).</exception>
    public static JpegColorSpace Decide(JpegFrame frame, bool sawJfif, int? adobeTransform)
    {
        JpegComponent[] c = frame.Components;
        switch (c.Length)
        {
            case 1:
                return JpegColorSpace.Grayscale;
            case 3:
                if (sawJfif)
                {
                    return JpegColorSpace.YCbCr;
                }

                if (adobeTransform is { } transform)
                {
                    return transform == 0 ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr;
                }

                return c[0].Id == 'R' && c[1].Id == 'G' && c[2].Id == 'B' ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr;
            default:
                throw JpegRejectedException.NotSupported($"{c.Length} components");
        }
    }
}
