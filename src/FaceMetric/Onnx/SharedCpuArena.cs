using Microsoft.ML.OnnxRuntime;

namespace FaceMetric.Onnx;

/// <summary>
/// One CPU memory arena for FaceMetric's sessions in a process (detectors, landmarks, embedder), registered once in ONNX
/// Runtime's environment and used by every session opened with an arena while <see cref="InferenceOptions.ShareCpuArena"/>
/// is on. A session's own arena keeps the high-water mark of its runs for good, so a process that runs several networks
/// held the sum of their peaks; with one arena, the memory one network gives back serves the next.
/// </summary>
/// <remarks>
/// Measured on the 123 photos of ../shared/data (<c>facemetric embed --json</c>, default front end, two workers, seven
/// interleaved rounds each, 2026-12-05): peak resident memory 632-684 MB against 681-736 MB with one arena per session
/// (medians 647 / 710 MB in the run of four rounds), lower in every round, wall time the same (6.20 / 6.33 s), output
/// byte for byte the same. An arena that grows by exactly what is asked, instead of by powers of two, gave no gain
/// (690-767 MB). ONNX Runtime 1.31 keeps one shared CPU allocator per environment (a plain one by default) and a new
/// registration replaces it; this registers once per process.
/// </remarks>
internal static class SharedCpuArena
{
    /// <summary>ONNX Runtime's session setting that makes a session allocate from the environment's allocators.</summary>
    internal const string UseEnvironmentAllocators = "session.use_env_allocators";

    /// <summary>
    /// Makes a session opened with <paramref name="options"/> allocate from the shared arena when <paramref name="share"/>
    /// (registering it on first use); true when it will.
    /// </summary>
    public static bool Apply(SessionOptions options, bool share)
    {
        if (!share || !Registration.Done)
        {
            return false;
        }

        options.AddSessionConfigEntry(UseEnvironmentAllocators, "1");
        return true;
    }

    /// <summary>Registers on first access only, so that a process that never shares leaves the environment alone.</summary>
    private static class Registration
    {
        public static readonly bool Done = Register();
    }

    private static bool Register()
    {
        // ONNX Runtime's environment starts here at the latest: the telemetry opt-out must come first.
        OnnxTelemetryOptOut.Ensure();
        try
        {
            using var info = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);

            // No cap, growth by powers of two (ONNX Runtime's default strategy), default first chunk and fragmentation limit.
            using var config = new OrtArenaCfg(0, 0, -1, -1);
            OrtEnv.Instance().CreateAndRegisterAllocator(info, config);
            return true;
        }
        catch (OnnxRuntimeException)
        {
            // Sessions keep arenas of their own.
            return false;
        }
    }
}
