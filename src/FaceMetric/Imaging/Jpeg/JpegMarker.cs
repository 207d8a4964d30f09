namespace FaceMetric.Imaging.Jpeg;

/// <summary>The second byte of the JPEG markers the decoder acts on (ITU T.81 table B.1).</summary>
internal static class JpegMarker
{
    public const byte Sof0 = 0xC0;    // baseline DCT, Huffman
    public const byte Sof1 = 0xC1;    // extended sequential DCT, Huffman
    public const byte Sof2 = 0xC2;    // progressive DCT, Huffman
    public const byte Sof3 = 0xC3;    // lossless, Huffman
    public const byte Dht = 0xC4;
    public const byte Jpg = 0xC8;     // reserved; libjpeg rejects it
    public const byte Dac = 0xCC;     // arithmetic conditioning
    public const byte Rst0 = 0xD0;
    public const byte Rst7 = 0xD7;
    public const byte Soi = 0xD8;
    public const byte Eoi = 0xD9;
    public const byte Sos = 0xDA;
    public const byte Dqt = 0xDB;
    public const byte Dnl = 0xDC;
    public const byte Dri = 0xDD;
    public const byte App0 = 0xE0;
    public const byte App1 = 0xE1;    // EXIF
    public const byte App14 = 0xEE;
    public const byte App15 = 0xEF;
    public const byte Com = 0xFE;
    public const byte Tem = 0x01;

    /// <summary>True for the SOFn markers (C0..CF except DHT C4, JPG C8 and DAC CC).</summary>
    public static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF && marker != Dht && marker != Jpg && marker != Dac;
}
