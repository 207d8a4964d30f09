namespace FaceMetric.Imaging;

/// <summary>
/// An image could not be loaded: the only exception <see cref="FaceImage"/>'s loaders raise for bad input. The message
/// names the input (the file path, <c>&lt;stream&gt;</c> or <c>&lt;bytes&gt;</c>) and the reason; <see cref="Reason"/>
/// gives the reason as a value, and <see cref="Exception.InnerException"/> the decoder's or file system's own exception
/// when there is one.
/// </summary>
public sealed class FaceImageException : FaceMetricException
{
    internal FaceImageException(string inputName, FaceImageError reason, string detail, Exception? innerException = null)
        : this(inputName, reason, innerException, $"Cannot load image '{inputName}': {detail}")
    {
    }

    private FaceImageException(string inputName, FaceImageError reason, Exception? innerException, string message)
        : base(message, innerException)
    {
        InputName = inputName;
        Reason = reason;
    }

    /// <summary>A loaded photo that a later step refused, as a batch reports it: the message is the caller's.</summary>
    /// <param name="inputName">The file path.</param>
    /// <param name="reason">Why (<see cref="FaceImageError.TooLargeToDetect"/>).</param>
    /// <param name="message">The whole message.</param>
    /// <param name="refusal">The step's exception.</param>
    /// <returns>The exception, with the step's as its inner exception.</returns>
    internal static FaceImageException Refused(string inputName, FaceImageError reason, string message, Exception refusal) =>
        new(inputName, reason, refusal, message);

    /// <summary>The input: the file path as given, or <c>&lt;stream&gt;</c> or <c>&lt;bytes&gt;</c>.</summary>
    public string InputName { get; }

    /// <summary>Why the image could not be loaded.</summary>
    public FaceImageError Reason { get; }
}
