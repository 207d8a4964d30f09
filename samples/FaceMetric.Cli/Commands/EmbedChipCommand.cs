using System.Text.Json;
using FaceMetric.Embedding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Cli.Commands;

/// <summary><c>embed-chip CHIP... [--json]</c>: descriptors of aligned 150x150 chips.</summary>
internal static class EmbedChipCommand
{
    public const string Usage = "embed-chip CHIP... [--json] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout)
    {
        var args = ParsedArguments.Parse(rawArgs, ["models"], []);
        if (args.Positional.Count == 0)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        IReadOnlyList<string> paths = InputPaths.Expand(args.Positional);
        var chips = new List<Image<Rgb24>>(paths.Count);
        try
        {
            foreach (string path in paths)
            {
                chips.Add(LoadChip(path));
            }

            using OnnxFaceEmbedder embedder = CliModels.Embedder(args);
            IReadOnlyList<FaceDescriptor> descriptors = embedder.Embed(chips);
            Write(stdout, args.Json, paths, descriptors);
            return ExitCodes.Ok;
        }
        finally
        {
            chips.ForEach(c => c.Dispose());
        }
    }

    private static Image<Rgb24> LoadChip(string path)
    {
        Image<Rgb24> image;
        try
        {
            image = Image.Load<Rgb24>(path);
        }
        catch (Exception e) when (e is ImageFormatException or UnknownImageFormatException or IOException or InvalidImageContentException or NotSupportedException)
        {
            throw CliException.BadInput($"{path}: cannot read the image ({e.Message})");
        }

        if (image.Width != OnnxFaceEmbedder.DefaultChipSize || image.Height != OnnxFaceEmbedder.DefaultChipSize)
        {
            image.Dispose();
            throw CliException.BadInput($"{path}: is {image.Width}x{image.Height}; embed-chip takes aligned 150x150 face chips (use 'embed' for photos)");
        }

        return image;
    }

    private static void Write(TextWriter stdout, bool json, IReadOnlyList<string> paths, IReadOnlyList<FaceDescriptor> descriptors)
    {
        if (!json)
        {
            for (int i = 0; i < paths.Count; i++)
            {
                stdout.WriteLine(paths[i] + "\t" + string.Join(' ', descriptors[i].ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
            }

            return;
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("chips");
            for (int i = 0; i < paths.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("path", paths[i]);
                w.WritePropertyName("descriptor");
                JsonSerializer.Serialize(w, descriptors[i]);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
