namespace FaceMetric.Cli;

/// <summary>The console contract's exit codes (ARCHITECTURE.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;
    public const int UnreadableInput = 3;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it); nothing was left half-written.</summary>
    public const int Cancelled = 130;

    /// <summary>A batch ran to its end but some inputs could not be read (each reported; <c>--strict</c> stops at the
    /// first instead, with <see cref="UnreadableInput"/>).</summary>
    public const int SomeInputsFailed = 4;
}
