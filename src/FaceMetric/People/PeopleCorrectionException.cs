namespace FaceMetric.People;

/// <summary>
/// Thrown when a correction would break a rule of the library: two faces of one photo in one person, or a face
/// into a person it was marked "not" (without moving it explicitly). Nothing is changed when it is thrown.
/// </summary>
public sealed class PeopleCorrectionException : FaceMetricException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which rule, and which faces or people.</param>
    public PeopleCorrectionException(string message)
        : base(message)
    {
    }
}
