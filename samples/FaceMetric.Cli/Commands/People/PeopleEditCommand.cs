using FaceMetric.People;

namespace FaceMetric.Cli.Commands.People;

/// <summary>The corrections: <c>people name|merge|split|move|not|recluster LIB ...</c>; each is one transaction, logged.</summary>
internal static class PeopleEditCommand
{
    public static int Run(string verb, IReadOnlyList<string> rawArgs, TextWriter stdout)
    {
        var args = ParsedArguments.Parse(rawArgs, verb == "split" ? ["threshold", "models"] : ["models"], verb == "split" ? ["apply"] : []);
        if (args.Positional.Count == 0)
        {
            throw CliException.BadArguments($"usage: facemetric people {verb} LIB ... ('facemetric people' for details)");
        }

        using PeopleLibrary library = PeopleCommand.Open(args.Positional[0], create: false);
        try
        {
            switch (verb)
            {
                case "name":
                    PeopleCommand.Expect(args, 3, "name LIB PERSON_ID NAME");
                    library.Name(PeopleCommand.Id(args.Positional[1], "PERSON_ID"), args.Positional[2]);
                    stdout.WriteLine($"person {args.Positional[1]} is now \"{args.Positional[2]}\"");
                    break;
                case "merge":
                    PeopleCommand.Expect(args, 3, "merge LIB PERSON_ID OTHER_PERSON_ID");
                    library.Merge(PeopleCommand.Id(args.Positional[1], "PERSON_ID"), PeopleCommand.Id(args.Positional[2], "OTHER_PERSON_ID"));
                    stdout.WriteLine($"person {args.Positional[2]} merged into {args.Positional[1]}");
                    break;
                case "split":
                    PeopleCommand.Expect(args, 2, "split LIB PERSON_ID [--threshold T] [--apply]");
                    Split(library, PeopleCommand.Id(args.Positional[1], "PERSON_ID"), args, stdout);
                    break;
                case "move":
                    PeopleCommand.Expect(args, 3, "move LIB FACE_ID PERSON_ID|new");
                    long? target = args.Positional[2] == "new" ? null : PeopleCommand.Id(args.Positional[2], "PERSON_ID");
                    long now = library.Move(PeopleCommand.Id(args.Positional[1], "FACE_ID"), target);
                    stdout.WriteLine(FormattableString.Invariant($"face {args.Positional[1]} is now in person {now}"));
                    break;
                case "not":
                    PeopleCommand.Expect(args, 3, "not LIB FACE_ID PERSON_ID");
                    library.MarkNot(PeopleCommand.Id(args.Positional[1], "FACE_ID"), PeopleCommand.Id(args.Positional[2], "PERSON_ID"));
                    stdout.WriteLine($"face {args.Positional[1]} is not person {args.Positional[2]}");
                    break;
                default:
                    PeopleCommand.Expect(args, 1, "recluster LIB");
                    int changed = library.Recluster();
                    stdout.WriteLine(FormattableString.Invariant($"re-clustered: {changed} faces changed person; {library.PersonCount} people, {library.GetUnassignedFaces().Count} faces unassigned"));
                    break;
            }
        }
        catch (ArgumentException e)
        {
            throw CliException.BadArguments(e.Message);
        }
        catch (PeopleCorrectionException e)
        {
            throw new CliException(ExitCodes.Failure, e.Message);
        }

        return ExitCodes.Ok;
    }

    private static void Split(PeopleLibrary library, long personId, ParsedArguments args, TextWriter stdout)
    {
        float? threshold = args.Value("threshold") is null ? null : (float)args.Double("threshold", 0.5, 1e-6, 10);
        IReadOnlyList<IReadOnlyList<LibraryFace>> parts = library.ProposeSplit(personId, threshold);
        stdout.WriteLine(FormattableString.Invariant($"person {personId}: {parts.Count} part{(parts.Count == 1 ? string.Empty : "s")}"));
        for (int p = 0; p < parts.Count; p++)
        {
            stdout.WriteLine(FormattableString.Invariant($"part {p + 1} ({parts[p].Count} faces){(p == 0 ? " stays" : string.Empty)}"));
            foreach (LibraryFace face in parts[p])
            {
                stdout.WriteLine(FormattableString.Invariant($"  face {face.Id}\t{face.SourcePath}\t{JsonOutput.BoxText(face.Box)}"));
            }
        }

        if (!args.Flag("apply"))
        {
            if (parts.Count > 1)
            {
                stdout.WriteLine("nothing changed: add --apply to split parts 2.. off as new people");
            }

            return;
        }

        foreach (IReadOnlyList<LibraryFace> part in parts.Skip(1))
        {
            long created = library.SplitOff(personId, part.Select(f => f.Id).ToList());
            stdout.WriteLine(FormattableString.Invariant($"split off {part.Count} faces as person {created}"));
        }
    }
}
