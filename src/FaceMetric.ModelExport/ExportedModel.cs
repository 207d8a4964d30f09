using System.Security.Cryptography;
using Google.Protobuf;
using Onnx;

namespace FaceMetric.ModelExport;

/// <summary>Writes an ONNX model atomically and reports its SHA-256.</summary>
internal static class ExportedModel
{
    public const string SourcePackage = "@vladmandic/face-api@1.7.15";

    public static string Write(ModelProto model, string path)
    {
        byte[] bytes = model.ToByteArray();
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp-" + Environment.ProcessId;
        using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(bytes);
            fs.Flush(flushToDisk: true);
        }

        File.Move(temp, full, overwrite: true);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public static Dictionary<string, string> Metadata(string manifestPath, string licence)
    {
        var (quantized, total) = TfjsWeights.CountQuantized(manifestPath);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source_package"] = SourcePackage,
            ["source_manifest"] = Path.GetFileName(manifestPath),
            ["quantization"] = $"{quantized} of {total} tensors uint8-quantized in the source (value = q*scale + min)",
            ["licence"] = licence,
            ["exporter"] = "FaceMetric.ModelExport",
        };
    }
}
