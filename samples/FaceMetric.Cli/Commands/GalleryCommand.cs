using FaceMetric.Evaluation;
using FaceMetric.Identification;

namespace FaceMetric.Cli.Commands;

/// <summary>
/// <c>gallery enroll|list|remove GALLERY ...</c>: a gallery kept in a file (<see cref="FaceGallery.Save(string)"/>'s
/// atomic, versioned, checksummed format), so known faces are described once and <c>identify --gallery FILE</c> only
/// describes the probes. <c>enroll</c> takes folders (each sub-folder is a person; images directly in a folder are the
/// person the folder is named after) or, with <c>--name</c>, photos and folders of one person; the largest face of
/// each photo is enrolled, a photo already enrolled is skipped, and the file is created or replaced atomically (a
/// cancelled or failed run leaves it as it was). The file does not record the front end: identify with the one used
/// to enrol.
/// </summary>
internal static class GalleryCommand
{
    public const string Usage = "gallery enroll GALLERY PATH... [--name NAME] [--json] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--models DIR] | gallery list GALLERY [--json] | gallery remove GALLERY NAME...";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (rawArgs.Count == 0)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        IReadOnlyList<string> rest = [.. rawArgs.Skip(1)];
        return rawArgs[0] switch
        {
            "enroll" => Enroll(rest, stdout, stderr, cancellationToken),
            "list" => List(rest, stdout),
            "remove" => Remove(rest, stdout, stderr),
            string other => throw CliException.BadArguments($"unknown gallery command '{other}' (enroll, list or remove)"),
        };
    }

    private static int Enroll(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var args = ParsedArguments.Parse(rawArgs, [.. CliModels.AnalyzerOptions, "name"], []);
        if (args.Positional.Count < 2)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        string file = args.Positional[0];
        IReadOnlyList<(string Label, string Path)> photos = Photos(args.Positional.Skip(1).ToList(), args.Value("name"));
        using FaceGallery gallery = File.Exists(file) ? FaceGallery.Load(file) : new FaceGallery();
        using FaceAnalyzer analyzer = CliModels.Analyzer(args);
        GalleryEnrolment.Counts counts;
        using (var progress = new ProgressBar(stderr, "enroll", photos.Count))
        {
            counts = GalleryEnrolment.Enroll(gallery, analyzer, photos, stderr, done => progress.Report(done), cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (gallery.Count == 0)
        {
            throw CliException.BadInput("no face found in any photo: nothing to enrol");
        }

        gallery.Save(file);
        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteString("gallery", file);
                w.WriteNumber("added", counts.Added);
                w.WriteNumber("alreadyEnrolled", counts.AlreadyEnrolled);
                w.WriteNumber("withoutFace", counts.WithoutFace);
                w.WriteNumber("faces", gallery.Count);
                w.WriteNumber("people", gallery.LabelCount);
            });
        }
        else
        {
            stdout.WriteLine($"{file}: {counts.Added} faces added, {counts.AlreadyEnrolled} already enrolled, {counts.WithoutFace} photos without a face; {gallery.Count} faces of {gallery.LabelCount} people");
        }

        return ExitCodes.Ok;
    }

    private static int List(IReadOnlyList<string> rawArgs, TextWriter stdout)
    {
        var args = ParsedArguments.Parse(rawArgs, ["models"], []); // --models is accepted (as by every command) and unused
        if (args.Positional.Count != 1)
        {
            throw CliException.BadArguments("usage: facemetric gallery list GALLERY [--json]");
        }

        using FaceGallery gallery = Open(args.Positional[0]);
        IReadOnlyList<string> labels = gallery.GetLabels();
        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteStartArray("people");
                foreach (string label in labels)
                {
                    w.WriteStartObject();
                    w.WriteString("name", label);
                    w.WriteNumber("faces", gallery.CountOf(label));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }
        else
        {
            foreach (string label in labels)
            {
                stdout.WriteLine($"{label}\t{gallery.CountOf(label)}");
            }
        }

        return ExitCodes.Ok;
    }

    private static int Remove(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr)
    {
        var args = ParsedArguments.Parse(rawArgs, ["models"], []); // --models is accepted (as by every command) and unused
        if (args.Positional.Count < 2)
        {
            throw CliException.BadArguments("usage: facemetric gallery remove GALLERY NAME...");
        }

        string file = args.Positional[0];
        using FaceGallery gallery = Open(file);
        int removed = 0;
        foreach (string name in args.Positional.Skip(1))
        {
            if (gallery.Remove(name))
            {
                removed++;
            }
            else
            {
                stderr.WriteLine($"facemetric: warning: {name}: not in {file}");
            }
        }

        if (removed > 0)
        {
            gallery.Save(file);
        }

        stdout.WriteLine($"{file}: {removed} people removed; {gallery.Count} faces of {gallery.LabelCount} people");
        return removed > 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static FaceGallery Open(string file) =>
        File.Exists(file) ? FaceGallery.Load(file) : throw CliException.BadInput($"{file}: no such gallery file");

    /// <summary>The (label, photo) pairs the positional paths name.</summary>
    private static IReadOnlyList<(string Label, string Path)> Photos(IReadOnlyList<string> paths, string? name)
    {
        if (name is not null)
        {
            if (name.Trim().Length == 0)
            {
                throw CliException.BadArguments("--name must not be empty");
            }

            return [.. InputPaths.Expand(paths).Select(p => (name, p))];
        }

        var photos = new List<(string Label, string Path)>();
        foreach (string path in paths)
        {
            if (!Directory.Exists(path))
            {
                throw File.Exists(path)
                    ? CliException.BadArguments($"{path}: a single photo needs --name NAME (folders give names by themselves)")
                    : CliException.BadInput($"{path}: no such file or folder");
            }

            string own = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
            photos.AddRange(InputPaths.ImagesDirectlyIn(path).Select(p => (own, p)));
            photos.AddRange(LabelAudit.ListFolders(path));
        }

        if (photos.Count == 0)
        {
            throw CliException.BadInput("no images found in " + string.Join(", ", paths));
        }

        return photos;
    }
}
