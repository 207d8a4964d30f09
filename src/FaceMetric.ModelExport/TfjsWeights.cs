using System.Text.Json;

namespace FaceMetric.ModelExport;

/// <summary>A named float tensor read from a TF.js weights manifest, in the manifest's own (TF) layout.</summary>
/// <param name="Name">The manifest name, e.g. <c>conv32_down/conv/filters</c>.</param>
/// <param name="Shape">The TF shape (HWIO for convolutions, [in, out] for dense layers).</param>
/// <param name="Data">The values, row-major in <paramref name="Shape"/>.</param>
internal sealed record TfjsTensor(string Name, int[] Shape, float[] Data)
{
    public int ElementCount => Data.Length;
}

/// <summary>
/// Reads TF.js "weights_manifest.json" + ".bin" shards (the format of @vladmandic/face-api's model folder).
/// Tensors are stored back to back in manifest order across the listed shards. A quantized entry
/// (<c>quantization: {dtype: uint8, scale, min}</c>) takes one byte per value and dequantizes as
/// <c>q * scale + min</c>, computed in double and rounded once to float32, exactly as tfjs does
/// (JavaScript numbers into a Float32Array). Other entries are little-endian float32 or int32.
/// </summary>
internal static class TfjsWeights
{
    public static IReadOnlyDictionary<string, TfjsTensor> Load(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"TF.js weights manifest not found: {manifestPath}", manifestPath);
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var result = new Dictionary<string, TfjsTensor>(StringComparer.Ordinal);
        foreach (JsonElement group in doc.RootElement.EnumerateArray())
        {
            byte[] blob = group.GetProperty("paths").EnumerateArray()
                .SelectMany(p => File.ReadAllBytes(Path.Combine(folder, p.GetString()!)))
                .ToArray();
            int offset = 0;
            foreach (JsonElement w in group.GetProperty("weights").EnumerateArray())
            {
                var tensor = ReadOne(w, blob, ref offset);
                result.Add(tensor.Name, tensor);
            }

            if (offset != blob.Length)
            {
                throw new InvalidDataException(
                    $"{manifestPath}: the manifest describes {offset} bytes but the shards hold {blob.Length}.");
            }
        }

        return result;
    }

    private static TfjsTensor ReadOne(JsonElement w, byte[] blob, ref int offset)
    {
        string name = w.GetProperty("name").GetString()!;
        int[] shape = w.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int count = shape.Aggregate(1, (a, b) => checked(a * b));
        string dtype = w.GetProperty("dtype").GetString()!;
        var data = new float[count];

        if (w.TryGetProperty("quantization", out JsonElement q))
        {
            string qtype = q.GetProperty("dtype").GetString()!;
            if (qtype != "uint8")
            {
                throw new NotSupportedException($"{name}: quantization dtype '{qtype}' is not supported (only uint8).");
            }

            double scale = q.GetProperty("scale").GetDouble();
            double min = q.GetProperty("min").GetDouble();
            EnsureAvailable(name, blob, offset, count);
            for (int i = 0; i < count; i++)
            {
                data[i] = (float)((blob[offset + i] * scale) + min);
            }

            offset += count;
        }
        else
        {
            EnsureAvailable(name, blob, offset, count * 4);
            var bytes = blob.AsSpan(offset, count * 4);
            for (int i = 0; i < count; i++)
            {
                data[i] = dtype switch
                {
                    "float32" => BitConverter.Int32BitsToSingle(System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..])),
                    "int32" => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]),
                    _ => throw new NotSupportedException($"{name}: dtype '{dtype}' is not supported."),
                };
            }

            offset += count * 4;
        }

        return new TfjsTensor(name, shape, data);
    }

    private static void EnsureAvailable(string name, byte[] blob, int offset, int length)
    {
        if (offset + length > blob.Length)
        {
            throw new InvalidDataException($"{name}: the weight shards end before this tensor ({offset + length} > {blob.Length} bytes).");
        }
    }

    /// <summary>Counts the manifest entries that are uint8-quantized (for MODELS.md).</summary>
    public static (int Quantized, int Total) CountQuantized(string manifestPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        int quantized = 0, total = 0;
        foreach (JsonElement group in doc.RootElement.EnumerateArray())
        {
            foreach (JsonElement w in group.GetProperty("weights").EnumerateArray())
            {
                total++;
                if (w.TryGetProperty("quantization", out _))
                {
                    quantized++;
                }
            }
        }

        return (quantized, total);
    }
}
