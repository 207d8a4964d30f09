using FaceMetric.Cli.Reports;
using FaceMetric.People;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceMetric.Cli.Commands.People;

/// <summary>
/// <c>people report LIB --report DIR</c>: an HTML page with one row per person (largest first; name, id and each face's
/// thumbnail, cut from its photo around the face's box) and a last row of unassigned faces. A photo that is no
/// longer where it was added shows its caption without a picture.
/// </summary>
internal static class PeopleReportCommand
{
    /// <summary>Faces shown per person; the rest are counted.</summary>
    private const int MaxFacesPerRow = 40;

    private static readonly JpegEncoder Encoder = new() { Quality = 85 };

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout)
    {
        var args = ParsedArguments.Parse(rawArgs, ["report", "models"], []);
        PeopleCommand.Expect(args, 1, "report LIB --report DIR");
        string folder = args.Value("report") ?? throw CliException.BadArguments("usage: facemetric people report LIB --report DIR");
        using PeopleLibrary library = PeopleCommand.Open(args.Positional[0], create: false);
        IReadOnlyList<LibraryPerson> people = library.GetPeople();
        IReadOnlyList<LibraryFace> unassigned = library.GetUnassignedFaces();
        var shown = people.SelectMany(p => p.Faces.Take(MaxFacesPerRow)).Concat(unassigned.Take(MaxFacesPerRow * 5)).ToList();

        var report = new ReportFolder(folder);
        Dictionary<long, string?> thumbnails = WriteThumbnails(report, shown);
        var html = new HtmlPage("FaceMetric people");
        html.Summary(FormattableString.Invariant(
            $"{library.PhotoCount} photos, {library.FaceCount} faces: {people.Count} people (largest first), {unassigned.Count} faces unassigned. A blue frame marks a face a correction confirmed."));
        foreach (LibraryPerson person in people.OrderByDescending(p => p.Faces.Count).ThenBy(p => p.Id))
        {
            string title = person.Name is null ? FormattableString.Invariant($"Person {person.Id}") : FormattableString.Invariant($"{person.Name} (person {person.Id})");
            html.Heading(FormattableString.Invariant($"{title}: {person.Faces.Count} face{(person.Faces.Count == 1 ? string.Empty : "s")}"));
            Row(html, person.Faces, thumbnails);
        }

        html.Heading(FormattableString.Invariant($"Unassigned: {unassigned.Count} face{(unassigned.Count == 1 ? string.Empty : "s")} (waiting for similar faces)"));
        Row(html, unassigned, thumbnails, MaxFacesPerRow * 5);
        string page = report.WritePage(html.Render());
        stdout.WriteLine("report: " + page);
        return ExitCodes.Ok;
    }

    private static void Row(HtmlPage html, IReadOnlyList<LibraryFace> faces, Dictionary<long, string?> thumbnails, int max = MaxFacesPerRow)
    {
        html.Raw("<div class=\"row\">");
        foreach (LibraryFace face in faces.Take(max))
        {
            string caption = FormattableString.Invariant($"face {face.Id} {Path.GetFileName(face.SourcePath)}");
            html.Raw(thumbnails[face.Id] is string src
                ? HtmlPage.Figure(src, caption, face.Confirmed ? "match" : null, face.SourcePath)
                : $"<figure><figcaption>{HtmlPage.Encode(caption + " (photo not found)")}</figcaption></figure>");
        }

        if (faces.Count > max)
        {
            html.Raw(FormattableString.Invariant($"<p class=\"summary\">and {faces.Count - max} more</p>"));
        }

        html.Raw("</div>");
    }

    /// <summary>One thumbnail per face (photos opened once each); null where the photo cannot be read.</summary>
    private static Dictionary<long, string?> WriteThumbnails(ReportFolder report, List<LibraryFace> faces)
    {
        var result = new Dictionary<long, string?>();
        foreach (var photo in faces.GroupBy(f => f.SourcePath))
        {
            Image<Rgb24>? image = null;
            try
            {
                image = File.Exists(photo.Key) ? CliModels.Load(photo.Key) : null;
            }
            catch (CliException)
            {
                image = null;
            }

            using (image)
            {
                foreach (LibraryFace face in photo)
                {
                    result[face.Id] = image is null ? null : report.WriteThumbnail(FormattableString.Invariant($"face{face.Id}.jpg"), Crop(image, face));
                }
            }
        }

        return result;
    }

    /// <summary>The face's box with a quarter of its size as margin (clipped to the photo), scaled to a square thumbnail.</summary>
    private static byte[] Crop(Image<Rgb24> image, LibraryFace face)
    {
        float margin = 0.25f * Math.Max(face.Box.Width, face.Box.Height);
        int left = Math.Clamp((int)MathF.Floor(face.Box.X - margin), 0, image.Width - 1);
        int top = Math.Clamp((int)MathF.Floor(face.Box.Y - margin), 0, image.Height - 1);
        int right = Math.Clamp((int)MathF.Ceiling(face.Box.Right + margin), left + 1, image.Width);
        int bottom = Math.Clamp((int)MathF.Ceiling(face.Box.Bottom + margin), top + 1, image.Height);
        using Image<Rgb24> crop = image.Clone(x => x
            .Crop(new Rectangle(left, top, right - left, bottom - top))
            .Resize(new ResizeOptions { Size = new Size(Thumbnails.ChipSide, Thumbnails.ChipSide), Mode = ResizeMode.Pad, PadColor = Color.White }));
        using var buffer = new MemoryStream();
        crop.SaveAsJpeg(buffer, Encoder);
        return buffer.ToArray();
    }
}
