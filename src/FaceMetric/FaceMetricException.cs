namespace FaceMetric;

/// <summary>
/// Base class of the exceptions FaceMetric raises for bad input it can name: an unreadable image, a missing or
/// corrupt model, a damaged gallery file. Argument mistakes (wrong sizes, nulls) raise the standard
/// <see cref="ArgumentException"/> family instead.
/// </summary>
public abstract class FaceMetricException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong, naming the file or input concerned.</param>
    protected FaceMetricException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong, naming the file or input concerned.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    protected FaceMetricException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
