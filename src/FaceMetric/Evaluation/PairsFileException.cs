namespace FaceMetric.Evaluation;

/// <summary>Thrown when a pairs file (LFW <c>pairs.txt</c> format) is missing, unreadable or malformed.</summary>
public sealed class PairsFileException : FaceMetricException
{
    /// <summary>Creates the exception for a problem at a given line (0 when it concerns the whole file).</summary>
    /// <param name="source">The file path, or the name given to the reader.</param>
    /// <param name="lineNumber">1-based line number of the offending line; 0 for the whole file.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The underlying I/O error, if any.</param>
    public PairsFileException(string source, int lineNumber, string problem, Exception? innerException = null)
        : base(lineNumber > 0 ? $"{source}, line {lineNumber}: {problem}" : $"{source}: {problem}", innerException)
    {
        FilePath = source;
        LineNumber = lineNumber;
    }

    /// <summary>The file path, or the name given to the reader.</summary>
    public string FilePath { get; }

    /// <summary>1-based number of the offending line; 0 when the problem concerns the whole file.</summary>
    public int LineNumber { get; }
}
