using FaceMetric.Embedding;

namespace FaceMetric.Cli;

/// <summary>Where the CLI finds its models: --models DIR, else FACEMETRIC_MODELS, else the models folder next to the program.</summary>
internal static class CliModels
{
    public static string? Directory(ParsedArguments args) =>
        args.Value("models") ?? Environment.GetEnvironmentVariable("FACEMETRIC_MODELS");

    public static OnnxFaceEmbedder Embedder(ParsedArguments args) =>
        new(new FaceEmbedderOptions { ModelDirectory = Directory(args) });
}
