using System.Text.Json;
using FaceMetric.People;

namespace FaceMetric.Cli.Commands.People;

/// <summary><c>people list LIB [--json]</c>: every person with their faces, then the unassigned faces.</summary>
internal static class PeopleListCommand
{
    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout)
    {
        var args = ParsedArguments.Parse(rawArgs, ["models"], []);
        PeopleCommand.Expect(args, 1, "list LIB [--json]");
        using PeopleLibrary library = PeopleCommand.Open(args.Positional[0], create: false);
        IReadOnlyList<LibraryPerson> people = library.GetPeople();
        IReadOnlyList<LibraryFace> unassigned = library.GetUnassignedFaces();
        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteStartArray("people");
                foreach (LibraryPerson person in people)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", person.Id);
                    if (person.Name is null)
                    {
                        w.WriteNull("name");
                    }
                    else
                    {
                        w.WriteString("name", person.Name);
                    }

                    w.WriteStartArray("faces");
                    foreach (LibraryFace face in person.Faces)
                    {
                        Face(w, face);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("unassigned");
                foreach (LibraryFace face in unassigned)
                {
                    Face(w, face);
                }

                w.WriteEndArray();
            });
            return ExitCodes.Ok;
        }

        stdout.WriteLine(FormattableString.Invariant($"{library.PhotoCount} photos, {library.FaceCount} faces, {people.Count} people, {unassigned.Count} faces unassigned"));
        foreach (LibraryPerson person in people)
        {
            stdout.WriteLine(FormattableString.Invariant($"person {person.Id}{(person.Name is null ? string.Empty : $" \"{person.Name}\"")} ({person.Faces.Count} faces)"));
            foreach (LibraryFace face in person.Faces)
            {
                stdout.WriteLine(Line(face));
            }
        }

        stdout.WriteLine(FormattableString.Invariant($"unassigned ({unassigned.Count} faces)"));
        foreach (LibraryFace face in unassigned)
        {
            stdout.WriteLine(Line(face));
        }

        return ExitCodes.Ok;
    }

    private static string Line(LibraryFace face) =>
        FormattableString.Invariant($"  face {face.Id}{(face.Confirmed ? " (confirmed)" : string.Empty)}\t{face.SourcePath}\t{JsonOutput.BoxText(face.Box)}");

    private static void Face(Utf8JsonWriter w, LibraryFace face)
    {
        w.WriteStartObject();
        w.WriteNumber("id", face.Id);
        w.WriteString("path", face.SourcePath);
        JsonOutput.Box(w, face.Box);
        w.WriteBoolean("confirmed", face.Confirmed);
        w.WriteEndObject();
    }
}
