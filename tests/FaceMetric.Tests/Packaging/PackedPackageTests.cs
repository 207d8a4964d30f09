using FaceMetric.Onnx;
using System.Text.Json;
using FaceMetric.Tests.TestSupport;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Packaging;

/// <summary>
/// The NuGet package as a consumer meets it: pack to a local folder feed, create a fresh console project outside
/// the solution that references only the package, and run it on a real photo. The models must arrive with the
/// package and be found without any configuration.
/// </summary>
public sealed class PackedPackageTests(ITestOutputHelper output)
{
    private const string ConsumerProgram = """
        using FaceMetric;

        using var analyzer = new FaceAnalyzer();
        var faces = analyzer.Analyze(args[0]);
        if (faces.Count == 0)
        {
            return 1;
        }

        Console.WriteLine(faces[0].Descriptor.ToJson());
        return 0;
        """;

    [Fact]
    public void AFreshConsoleProjectReferencingOnlyThePackageComputesADescriptor()
    {
        string work = Path.Combine(Path.GetTempPath(), "facemetric-pack-" + Guid.NewGuid().ToString("N"));
        string version = "0.0.0-ci." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "." + Environment.ProcessId;
        string feed = Path.Combine(work, "feed");
        string consumer = Path.Combine(work, "consumer");
        Directory.CreateDirectory(consumer);
        try
        {
            var pack = ProcessRunner.Run(
                "dotnet",
                $"pack \"{Path.Combine(Fixtures.RepoRoot, "src", "FaceMetric", "FaceMetric.csproj")}\" -c Release -o \"{feed}\" --artifacts-path \"{Path.Combine(work, "artifacts")}\" -p:Version={version}",
                Fixtures.RepoRoot,
                TimeSpan.FromMinutes(5));
            Assert.True(pack.ExitCode == 0, pack.Output);

            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="FaceMetric" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), ConsumerProgram);
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="facemetric-local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);

            string photo = Fixtures.Path("data/face_recognition/examples/obama.jpg");
            var run = ProcessRunner.Run("dotnet", $"run -c Release -- \"{photo}\"", consumer, TimeSpan.FromMinutes(8));
            output.WriteLine(run.Output);
            Assert.True(run.ExitCode == 0, run.Output);

            string json = run.Output.Split('\n').Last(l => l.TrimStart().StartsWith('['));
            float[] values = JsonSerializer.Deserialize<float[]>(json)!;
            Assert.Equal(128, values.Length);

            // The HOG detector's model arrives in the consumer's models folder too, byte for byte.
            string shippedHog = Directory.GetFiles(Path.Combine(consumer, "bin"), "dlib_frontal_face_detector.hog", SearchOption.AllDirectories)
                .Single(f => Path.GetFileName(Path.GetDirectoryName(f)) == "models");
            Assert.Equal(File.ReadAllBytes(Fixtures.Model("dlib_frontal_face_detector.hog")), File.ReadAllBytes(shippedHog));

            // The same photo through the library in this process: the packaged models are the repository's models.
            using var analyzer = new FaceAnalyzer(new FaceAnalyzerOptions { Models = new ModelOptions { Directory = Path.Combine(Fixtures.RepoRoot, "models") } });
            var expected = analyzer.Analyze(photo)[0].Descriptor;
            Assert.True(expected.DistanceTo(new FaceMetric.Embedding.FaceDescriptor(values)) < 1e-5f);
        }
        finally
        {
            TryDelete(work);
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
                ? custom
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            TryDelete(Path.Combine(packages, "facemetric", version));
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
