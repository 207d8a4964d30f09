using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FaceMetric.Detection.Cnn;
using FaceMetric.ModelExport;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.ModelExport;

/// <summary>
/// Re-exports models/mmod_human_face_detector.onnx from the committed dlib file (models/source/, dlib-models' release,
/// sha256 pinned) and checks the bytes against the committed model and models/MODELS.md.
/// </summary>
public sealed class CnnDetectorExportTests
{
    [Fact]
    public void ReExportFromTheCommittedDatReproducesTheCommittedModelByteForByte()
    {
        string dat = Path.Combine(Fixtures.RepoRoot, "models", "source", "mmod_human_face_detector.dat");
        Assert.Equal(ModelExporter.MmodSourceSha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dat))));
        string outDir = Directory.CreateTempSubdirectory("facemetric-cnn-export-").FullName;
        try
        {
            var (file, sha) = ModelExporter.ExportCnn(dat, outDir);
            Assert.Equal(ModelExporter.CnnDetectorFile, file);
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(outDir, file)))));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Fixtures.Model(file)))), sha);
            string modelsMd = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "models", "MODELS.md"));
            Assert.Matches(new Regex($@"{Regex.Escape(file)}.*{sha}"), modelsMd);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public void FoldingTheAffineIntoTheConvolutionIsExactToFloatRounding()
    {
        MmodNetwork net = MmodNetworkReader.Read(Path.Combine(Fixtures.RepoRoot, "models", "source", "mmod_human_face_detector.dat"));
        foreach (MmodConvLayer layer in net.Layers.Where(l => l.Gamma is not null))
        {
            var (w, b) = CnnDetectorExporter.Fold(layer);
            int per = w.Length / layer.Filters;
            for (int o = 0; o < layer.Filters; o++)
            {
                Assert.Equal((double)layer.Gamma![o] * layer.Weights[o * per], w[o * per], Math.Abs(w[o * per]) * 1e-7);
                Assert.Equal((layer.Gamma[o] * (double)layer.Bias[o]) + layer.Beta![o], b[o], 1e-6);
            }
        }
    }
}
