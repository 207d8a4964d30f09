using System.Globalization;
using FaceMetric.People;
using Microsoft.Data.Sqlite;

namespace FaceMetric.Cli.Commands.People;

/// <summary>
/// <c>people SUBCOMMAND LIB ...</c>: a people library (one SQLite file) that grows photo by photo, with corrections
/// that stick. Subcommands: add, list, name, merge, split, move, not, recluster, report.
/// </summary>
internal static class PeopleCommand
{
    public const string Usage = "people add|list|name|merge|split|move|not|recluster|report LIB ... ('facemetric people' for details)";

    private const string Details = """
        usage:
          facemetric people add LIB PATH... [--json] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--models DIR]
              add photos (folders recursively); a photo already in LIB (same bytes) is skipped
          facemetric people list LIB [--json]
          facemetric people name LIB PERSON_ID NAME
          facemetric people merge LIB PERSON_ID OTHER_PERSON_ID      (OTHER joins PERSON)
          facemetric people split LIB PERSON_ID [--threshold T] [--apply]
              show how the person's faces sub-cluster; --apply splits every part but the largest off as new people
          facemetric people move LIB FACE_ID PERSON_ID|new
          facemetric people not LIB FACE_ID PERSON_ID                 (the face is not that person, for good)
          facemetric people recluster LIB                             (Chinese Whispers over all; corrections kept)
          facemetric people report LIB --report DIR                   (HTML: one row per person, then unassigned faces)
        LIB is created by the first 'add'.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Details);
            return args.Count == 0 ? ExitCodes.BadArguments : ExitCodes.Ok;
        }

        IReadOnlyList<string> rest = args.Skip(1).ToList();
        try
        {
            return args[0] switch
            {
                "add" => PeopleAddCommand.Run(rest, stdout, stderr),
                "list" => PeopleListCommand.Run(rest, stdout),
                "name" or "merge" or "split" or "move" or "not" or "recluster" => PeopleEditCommand.Run(args[0], rest, stdout),
                "report" => PeopleReportCommand.Run(rest, stdout),
                _ => throw CliException.BadArguments($"unknown subcommand 'people {args[0]}'\n{Details}"),
            };
        }
        catch (SqliteException e)
        {
            throw new CliException(ExitCodes.Failure, "people library: SQLite error " + e.SqliteErrorCode.ToString(CultureInfo.InvariantCulture) + ": " + e.Message);
        }
    }

    /// <summary>Opens an existing library (or, for <c>add</c>, creates it).</summary>
    public static PeopleLibrary Open(string path, bool create)
    {
        if (!create && !File.Exists(path))
        {
            throw CliException.BadInput($"{path}: no such people library (create one with 'facemetric people add {path} PHOTOS')");
        }

        return PeopleLibrary.Open(path);
    }

    /// <summary>Parses an id argument.</summary>
    public static long Id(string text, string what) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long id)
            ? id
            : throw CliException.BadArguments($"{what} must be a whole number, not '{text}'");

    /// <summary>Requires exactly <paramref name="count"/> positional arguments.</summary>
    public static void Expect(ParsedArguments args, int count, string usage)
    {
        if (args.Positional.Count != count)
        {
            throw CliException.BadArguments("usage: facemetric people " + usage);
        }
    }
}
