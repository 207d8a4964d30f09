using BenchmarkDotNet.Running;
using FaceMetric.Benchmarks;

// `profile ...`: the one-pass stage profile (StageProfile); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "profile")
{
    return StageProfile.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
