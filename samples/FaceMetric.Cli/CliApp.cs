using FaceMetric.Cli.Commands;

namespace FaceMetric.Cli;

/// <summary>The <c>facemetric</c> command dispatcher: maps errors to the contract's exit codes and one stderr line.</summary>
internal static class CliApp
{
    private static readonly string[] Usages =
    [
        DetectCommand.Usage, EmbedCommand.Usage, EmbedChipCommand.Usage, AlignCommand.Usage, CompareCommand.Usage, EvalPairsCommand.Usage,
        ClusterCommand.Usage, IdentifyCommand.Usage, AuditCommand.Usage, TrainCommand.Usage, BenchCommand.Usage,
        Commands.People.PeopleCommand.Usage,
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
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
                "eval-pairs" => EvalPairsCommand.Run(rest, stdout, stderr),
                "cluster" => ClusterCommand.Run(rest, stdout, stderr),
                "identify" => IdentifyCommand.Run(rest, stdout, stderr),
                "audit" => AuditCommand.Run(rest, stdout, stderr),
                "train" => TrainCommand.Run(rest, stdout, stderr),
                "bench" => BenchCommand.Run(rest, stdout, stderr),
                "people" => Commands.People.PeopleCommand.Run(rest, stdout, stderr),
                _ => throw CliException.BadArguments($"unknown command '{args[0]}' (try 'facemetric --help')"),
            };
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
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
