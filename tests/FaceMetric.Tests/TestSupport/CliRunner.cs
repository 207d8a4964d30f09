using FaceMetric.Cli;

namespace FaceMetric.Tests.TestSupport;

/// <summary>Runs the facemetric CLI in-process and captures its output.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => Run(CancellationToken.None, args);

    /// <summary>Runs a command as if Ctrl+C had been pressed before its work started (the token is already cancelled).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunCancelled(params string[] args)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        return Run(cancelled.Token, args);
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(CancellationToken cancellationToken, string[] args)
    {
        DlibModelFile.ExportForCodeWithoutAPath(); // --front-end dlib loads the shape predictor without a path
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] withModels = [.. args, "--models", Path.Combine(Fixtures.RepoRoot, "models")];
        int code = CliApp.Run(args.Length == 0 ? args : withModels, stdout, stderr, cancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
