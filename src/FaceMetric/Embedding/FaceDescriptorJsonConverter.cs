using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceMetric.Embedding;

/// <summary>Reads and writes a <see cref="FaceDescriptor"/> as a plain JSON array of 128 numbers.</summary>
internal sealed class FaceDescriptorJsonConverter : JsonConverter<FaceDescriptor>
{
    public override FaceDescriptor Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"A face descriptor is a JSON array of {FaceDescriptor.Length} numbers; found {reader.TokenType}.");
        }

        Span<float> values = stackalloc float[FaceDescriptor.Length];
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException($"Face descriptor element {count} is {reader.TokenType}, not a number.");
            }

            if (count == FaceDescriptor.Length)
            {
                throw new JsonException($"A face descriptor has {FaceDescriptor.Length} values; the array is longer.");
            }

            values[count++] = reader.GetSingle();
        }

        if (count != FaceDescriptor.Length)
        {
            throw new JsonException($"A face descriptor has {FaceDescriptor.Length} values; the array has {count}.");
        }

        try
        {
            return new FaceDescriptor(values);
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, FaceDescriptor value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (float v in value.Values)
        {
            // "R"-style shortest round-trip formatting is System.Text.Json's default for float.
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }
}
