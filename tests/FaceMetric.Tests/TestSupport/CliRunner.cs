using FaceMetric.Cli;

namespace FaceMetric.Tests.TestSupport;

/// <summary>Runs the facemetric CLI in-process and captures its output.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        DlibModelFile.ExportForCodeWithoutAPath(); // --front-end dlib loads the shape predictor without a path
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] withModels = [.. args, "--models", Path.Combine(Fixtures.RepoRoot, "models")];
        int code = CliApp.Run(args.Length == 0 ? args : withModels, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
