namespace FaceMetric.Cli;

/// <summary>An error the CLI reports as one line on stderr with a specific exit code.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException BadArguments(string message) => new(ExitCodes.BadArguments, message);

    public static CliException BadInput(string message) => new(ExitCodes.UnreadableInput, message);
}
