using FaceMetric.Cli;

// Ctrl+C cancels the running command (exit code 130, output files untouched); a second Ctrl+C ends the process.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return CliApp.Run(args, Console.Out, Console.Error, cancellation.Token);
