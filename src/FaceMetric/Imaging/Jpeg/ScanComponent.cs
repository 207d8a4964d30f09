namespace FaceMetric.Imaging.Jpeg;

/// <summary>A component as one scan codes it: the component and the DC and AC Huffman tables the SOS assigns it.</summary>
internal readonly record struct ScanComponent(JpegComponent Component, HuffmanTable DcTable, HuffmanTable AcTable);
