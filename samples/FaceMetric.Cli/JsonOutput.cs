using System.Text;
using System.Text.Json;
using FaceMetric.Detection;

namespace FaceMetric.Cli;

/// <summary>Writes one JSON document to stdout.</summary>
internal static class JsonOutput
{
    public static void Write(TextWriter stdout, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        stdout.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void Box(Utf8JsonWriter w, DetectedFace face)
    {
        w.WriteStartArray("box");
        w.WriteNumberValue(Math.Round(face.X, 2));
        w.WriteNumberValue(Math.Round(face.Y, 2));
        w.WriteNumberValue(Math.Round(face.Width, 2));
        w.WriteNumberValue(Math.Round(face.Height, 2));
        w.WriteEndArray();
    }

    public static string BoxText(DetectedFace face) =>
        FormattableString.Invariant($"[{face.X:F0},{face.Y:F0},{face.Width:F0},{face.Height:F0}]");
}
