using System.Diagnostics;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Cli;

/// <summary>
/// ONNX Runtime 1.31's Linux build sends telemetry to Microsoft unless <c>ORT_DISABLE_TELEMETRY</c> is set when it starts,
/// and keeps a device identifier and an event cache under <c>$HOME/.cache/Microsoft/DeveloperTools/.onnxruntime</c>.
/// FaceMetric sets the variable before its first session. The CLI runs as a child process with a fresh HOME and without
/// the variable: afterwards HOME holds nothing of ONNX Runtime's. Without the opt-out (the call removed from
/// <c>InferenceOptions</c>, or the child run with <c>ORT_DISABLE_TELEMETRY=0</c>) the same run leaves <c>deviceid</c>
/// and <c>onnxruntime.db</c> there (checked by hand, 2026-12-05; not run here, as it would send telemetry).
/// </summary>
public sealed class OnnxTelemetryOptOutTests
{
    [Fact]
    public async Task TheCliLeavesNoOnnxRuntimeDeviceIdOrEventCacheInHome()
    {
        using var home = new TempFolder();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "FaceMetric.Cli.dll"), "compare",
            Fixtures.Path(TestFiles.Data.Obama), Fixtures.Path(TestFiles.Data.Obama2),
            "--models", Path.Combine(Fixtures.RepoRoot, "models"),
        ];
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["HOME"] = home.Path;
        psi.Environment.Remove("XDG_CACHE_HOME");
        psi.Environment.Remove("ORT_DISABLE_TELEMETRY");
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi)!;
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(patience.Token);
        Task<string> stderr = process.StandardError.ReadToEndAsync(patience.Token);
        await process.WaitForExitAsync(patience.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains("same person", await stdout, StringComparison.Ordinal); // the networks ran

        string[] left = Directory.EnumerateFileSystemEntries(home.Path, "*", SearchOption.AllDirectories).ToArray();
        Assert.DoesNotContain(left, p => p.Contains("DeveloperTools", StringComparison.Ordinal) || p.Contains(".onnxruntime", StringComparison.Ordinal));
    }
}
