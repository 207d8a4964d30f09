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
        : base($"Cannot load image '{inputName}': {detail}", innerException)
    {
        InputName = inputName;
        Reason = reason;
    }

    /// <summary>The input: the file path as given, or <c>&lt;stream&gt;</c> or <c>&lt;bytes&gt;</c>.</summary>
    public string InputName { get; }

    /// <summary>Why the image could not be loaded.</summary>
    public FaceImageError Reason { get; }
}
