namespace FaceMetric.People;

/// <summary>
/// Thrown by <see cref="PeopleLibrary.Open"/> when a file cannot be opened as a people library; <see cref="Reason"/>
/// says why and the message names the file. The file is left exactly as it was: nothing is written to it.
/// </summary>
public sealed class PeopleLibraryFormatException : FaceMetricException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="reason">The kind of problem.</param>
    /// <param name="detail">What was found, in words.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public PeopleLibraryFormatException(string path, PeopleLibraryFormatError reason, string detail, Exception? innerException = null)
        : base($"Cannot open people library '{path}': {detail}", innerException)
    {
        FilePath = path;
        Reason = reason;
    }

    /// <summary>The file that was refused.</summary>
    public string FilePath { get; }

    /// <summary>The kind of problem.</summary>
    public PeopleLibraryFormatError Reason { get; }
}
