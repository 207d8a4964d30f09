using System.Text.Json;
using FaceMetric.People;

namespace FaceMetric.Cli.Commands.People;

/// <summary>
/// <c>people add LIB PATH...</c>: every photo (folders recursively) analysed once and added in its own transaction;
/// photos whose bytes are already in the library are skipped without analysis, and photos that cannot be decoded are
/// skipped with a line on stderr (exit code 3 at the end). Progress goes to stderr: a bar on a terminal, else one line
/// per photo.
/// </summary>
internal static class PeopleAddCommand
{
    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr)
    {
        var args = ParsedArguments.Parse(rawArgs, CliModels.AnalyzerOptions, []);
        if (args.Positional.Count < 2)
        {
            throw CliException.BadArguments("usage: facemetric people add LIB PATH... [--json] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--models DIR]");
        }

        IReadOnlyList<string> paths = InputPaths.Expand(args.Positional.Skip(1));
        using PeopleLibrary library = PeopleCommand.Open(args.Positional[0], create: true);
        FaceAnalyzer? analyzer = null;
        int added = 0, skipped = 0, faces = 0, unreadable = 0;
        bool lines = !ReferenceEquals(stderr, Console.Error) || Console.IsErrorRedirected;
        try
        {
            using var progress = new ProgressBar(stderr, "people add", paths.Count);
            for (int i = 0; i < paths.Count; i++)
            {
                string path = Path.GetFullPath(paths[i]);
                string hash = PeopleLibrary.HashPhoto(path);
                bool known = library.ContainsPhoto(hash);
                int found = 0;
                if (known)
                {
                    skipped++;
                }
                else
                {
                    analyzer ??= CliModels.Analyzer(args);
                    IReadOnlyList<AnalyzedFace>? analyzed = Analyze(analyzer, path, stderr);
                    if (analyzed is null)
                    {
                        unreadable++;
                        progress.Report(i + 1);
                        continue;
                    }

                    library.AddPhoto(path, hash, analyzed.Select(f => new PhotoFace(f.Detection, f.Descriptor)).ToList());
                    found = analyzed.Count;
                    faces += found;
                    added++;
                }

                if (lines)
                {
                    stderr.WriteLine(FormattableString.Invariant($"people add: {i + 1}/{paths.Count} {(known ? "already there" : $"added, {found} face{(found == 1 ? string.Empty : "s")}")}: {path}"));
                    stderr.Flush();
                }

                progress.Report(i + 1);
            }
        }
        finally
        {
            analyzer?.Dispose();
        }

        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteNumber("added", added);
                w.WriteNumber("skipped", skipped);
                w.WriteNumber("unreadable", unreadable);
                w.WriteNumber("faces", faces);
                w.WriteNumber("people", library.PersonCount);
                w.WriteNumber("unassigned", library.GetUnassignedFaces().Count);
            });
        }
        else
        {
            stdout.WriteLine(FormattableString.Invariant(
                $"{added} photos added ({faces} faces), {skipped} already there, {unreadable} unreadable; the library has {library.PhotoCount} photos, {library.FaceCount} faces, {library.PersonCount} people, {library.GetUnassignedFaces().Count} faces unassigned"));
        }

        return unreadable == 0 ? ExitCodes.Ok : ExitCodes.UnreadableInput;
    }

    /// <summary>The photo's faces, or null (after one stderr line) when it cannot be decoded: the other photos still go in.</summary>
    private static IReadOnlyList<AnalyzedFace>? Analyze(FaceAnalyzer analyzer, string path, TextWriter stderr)
    {
        try
        {
            using var image = CliModels.Load(path);
            return analyzer.Analyze(image);
        }
        catch (CliException e)
        {
            stderr.WriteLine("facemetric: skipped: " + e.Message);
            return null;
        }
        catch (Detection.ScanTooLargeException e)
        {
            stderr.WriteLine($"facemetric: skipped: Cannot detect faces in '{path}': {e.Message}");
            return null;
        }
    }
}
