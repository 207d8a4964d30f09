using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FaceMetric.ModelExport;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.ModelExport;

/// <summary>
/// Re-exports every shipped model from the npm package (fetched by tools/test-assets.sh before the tests run)
/// and checks the bytes are those committed under models/ and listed in models/MODELS.md.
/// </summary>
public sealed class ReExportTests
{
    private static string FaceApiModelDir()
    {
        string dir = Path.Combine(Fixtures.RepoRoot, ".cache", "face-api", "package", "model");
        Assert.True(
            Directory.Exists(dir),
            $"The model source is missing: run 'bash tools/test-assets.sh' (it fetches {ExportedModel.SourcePackage} into {dir}).");
        return dir;
    }

    [Fact]
    public void ReExportFromTheNpmPackageReproducesTheCommittedModelsByteForByte()
    {
        string outDir = Path.Combine(Path.GetTempPath(), "facemetric-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = ModelExporter.ExportAll(FaceApiModelDir(), outDir);
            string modelsMd = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "models", "MODELS.md"));
            Assert.NotEmpty(written);
            foreach (var (file, sha) in written)
            {
                string committed = Fixtures.Model(file);
                Assert.True(File.Exists(committed), $"{file} is exported but not committed under models/.");
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(committed))), sha);
                Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(outDir, file)))));
                Assert.Matches(new Regex($@"{Regex.Escape(file)}.*{sha}|{sha}.*{Regex.Escape(file)}"), modelsMd);
            }
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Fact]
    public void TheRecognitionManifestHas109Of117TensorsQuantized()
    {
        var (quantized, total) = TfjsWeights.CountQuantized(Path.Combine(FaceApiModelDir(), "face_recognition_model-weights_manifest.json"));
        Assert.Equal((109, 117), (quantized, total));
    }
}
