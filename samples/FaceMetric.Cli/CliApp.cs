using FaceMetric.Cli.Commands;

namespace FaceMetric.Cli;

/// <summary>The <c>facemetric</c> command dispatcher: maps errors to the contract's exit codes and one stderr line.</summary>
internal static class CliApp
{
    private static readonly string[] Usages =
    [
        DetectCommand.Usage, EmbedCommand.Usage, EmbedChipCommand.Usage, AlignCommand.Usage, CompareCommand.Usage, EvalPairsCommand.Usage,
        ClusterCommand.Usage, IdentifyCommand.Usage, GalleryCommand.Usage, AuditCommand.Usage, TrainCommand.Usage, BenchCommand.Usage, VideoCommand.Usage,
        Commands.People.PeopleCommand.Usage,
    ];

    /// <summary>Runs one command; <paramref name="cancellationToken"/> (Ctrl+C in the console) ends it with exit code 130.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine("usage: facemetric <command> [options]\ncommands:\n  " + string.Join("\n  ", Usages));
            return args.Length == 0 ? ExitCodes.BadArguments : ExitCodes.Ok;
        }

        string[] rest = args[1..];
        try
        {
            return args[0] switch
            {
                "detect" => DetectCommand.Run(rest, stdout),
                "embed" => EmbedCommand.Run(rest, stdout, stderr),
                "embed-chip" => EmbedChipCommand.Run(rest, stdout),
                "align" => AlignCommand.Run(rest, stdout),
                "compare" => CompareCommand.Run(rest, stdout),
                "eval-pairs" => EvalPairsCommand.Run(rest, stdout, stderr, cancellationToken),
                "cluster" => ClusterCommand.Run(rest, stdout, stderr, cancellationToken),
                "identify" => IdentifyCommand.Run(rest, stdout, stderr, cancellationToken),
                "gallery" => GalleryCommand.Run(rest, stdout, stderr, cancellationToken),
                "audit" => AuditCommand.Run(rest, stdout, stderr, cancellationToken),
                "train" => TrainCommand.Run(rest, stdout, stderr, cancellationToken),
                "bench" => BenchCommand.Run(rest, stdout, stderr),
                "video" => VideoCommand.Run(rest, stdout, stderr),
                "people" => Commands.People.PeopleCommand.Run(rest, stdout, stderr),
                _ => throw CliException.BadArguments($"unknown command '{args[0]}' (try 'facemetric --help')"),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("facemetric: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (CliException e)
        {
            stderr.WriteLine("facemetric: " + e.Message);
            return e.ExitCode;
        }
        catch (FaceMetricException e)
        {
            stderr.WriteLine("facemetric: " + e.Message);
            return ExitCodes.UnreadableInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Detection.ScanTooLargeException)
        {
            stderr.WriteLine("facemetric: " + e.Message);
            return ExitCodes.UnreadableInput;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            stderr.WriteLine("facemetric: " + e.Message);
            return ExitCodes.Failure;
        }
    }
}
