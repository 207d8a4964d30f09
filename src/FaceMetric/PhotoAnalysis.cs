using FaceMetric.Imaging;

namespace FaceMetric;

/// <summary>
/// One photo file analysed by <see cref="FaceAnalyzer.AnalyzeFiles"/>: its faces, or why it could not be read, and
/// the damage its decoder recovered from. Immutable.
/// </summary>
public sealed class PhotoAnalysis
{
    internal PhotoAnalysis(string path, IReadOnlyList<AnalyzedFace> faces, FaceImageException? error, IReadOnlyList<string> warnings)
    {
        Path = path;
        Faces = faces;
        Error = error;
        Warnings = warnings;
    }

    /// <summary>The file, as given.</summary>
    public string Path { get; }

    /// <summary>The faces found, as <see cref="FaceAnalyzer.Analyze(string)"/> returns them; empty when there are none or the file could not be read.</summary>
    public IReadOnlyList<AnalyzedFace> Faces { get; }

    /// <summary>Why the file could not be read (missing, truncated, refused format, too large), or why the detector chosen
    /// would not scan it (<see cref="FaceImageError.TooLargeToDetect"/>); null when it was analysed.</summary>
    public FaceImageException? Error { get; }

    /// <summary>Damage the decoder recovered from (e.g. a truncated JPEG scan filled in grey); empty for a clean file.</summary>
    public IReadOnlyList<string> Warnings { get; }
}
