using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace FaceMetric.Onnx;

/// <summary>
/// Keeps ONNX Runtime from collecting telemetry in a process that runs FaceMetric. ONNX Runtime's own Linux and macOS
/// builds (1.29 on; this package ships 1.31.1) send process, session and model events to Microsoft
/// (mobile.events.data.microsoft.com), and keep a device identifier and an event cache under
/// <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c>. Their opt-out is the environment variable
/// <c>ORT_DISABLE_TELEMETRY</c>, read once, when ONNX Runtime's environment is created. A face library runs over
/// people's photo collections, so FaceMetric sets it to 1 before its first session, unless the process has set it
/// already (<c>ORT_DISABLE_TELEMETRY=0</c> keeps ONNX Runtime's telemetry on), and then turns off the environment's
/// telemetry events (ONNX Runtime's API for it, which is what governs its Windows builds' ETW events).
/// </summary>
/// <remarks>
/// .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only the managed copy of the
/// environment on Linux and macOS, so there the variable is set with libc's <c>setenv</c>, which native code reads.
/// This happens once per process, on the first session's thread, before ONNX Runtime starts. A process whose own code
/// created an ONNX Runtime session first has already made ONNX Runtime's choice.
/// </remarks>
internal static class OnnxTelemetryOptOut
{
    /// <summary>ONNX Runtime's opt-out variable.</summary>
    internal const string Variable = "ORT_DISABLE_TELEMETRY";

    private static readonly bool OptedOut = OptOut();

    /// <summary>Applies the opt-out (once per process); true when FaceMetric set the variable, false when the process had.</summary>
    public static bool Ensure() => OptedOut;

    private static bool OptOut()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return false;
        }

        if (!OperatingSystem.IsWindows())
        {
            // overwrite 0: a value set meanwhile by native code stands. A failed setenv (out of memory) leaves ONNX
            // Runtime's default; nothing else depends on it.
            _ = SetEnv(Variable, "1", 0);
        }

        Environment.SetEnvironmentVariable(Variable, "1"); // on Windows this is the native environment too

        try
        {
            OrtEnv.Instance().DisableTelemetryEvents();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or OnnxRuntimeException)
        {
            // ONNX Runtime cannot start here: the session that follows reports it, in its own terms.
        }

        return true;
    }

    [DllImport("libc", EntryPoint = "setenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
