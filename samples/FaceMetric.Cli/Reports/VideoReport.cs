using System.Globalization;
using FaceMetric.Video;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;

namespace FaceMetric.Cli.Reports;

/// <summary>
/// The <c>video --report</c> page: one row per person with the best face, a timeline bar of their segments over the
/// video's length (a tick per detection), and sample faces.
/// </summary>
internal static class VideoReport
{
    private const string TimelineStyle = """
        <style>
        .person { display: flex; gap: 14px; align-items: center; border-bottom: 1px solid #ddd; padding: 8px 0; }
        .who { width: 170px; font-size: 13px; }
        .who .name { font-weight: bold; font-size: 15px; }
        .who .anon { color: #777; }
        .timeline { position: relative; width: 520px; height: 18px; background: #eee; border: 1px solid #ccc; border-radius: 3px; }
        .timeline .seg { position: absolute; top: 0; height: 18px; background: #39c; min-width: 2px; }
        .timeline .known { background: #2a2; }
        .axis { position: relative; width: 520px; height: 14px; font-size: 10px; color: #666; }
        .axis span { position: absolute; }
        .samples { display: flex; gap: 4px; }
        .samples img { height: 56px; border: 1px solid #bbb; border-radius: 2px; }
        figure.best img { max-width: 96px; }
        </style>
        """;

    private static readonly JpegEncoder Encoder = new() { Quality = 85 };

    /// <summary>Writes the page and thumbnails; returns the page's path.</summary>
    public static string Write(ReportFolder folder, VideoPeopleResult result)
    {
        double span = Math.Max(result.Info.Duration.TotalSeconds, result.Detections.Count == 0 ? 0 : result.Detections.Max(d => d.Time.TotalSeconds));
        span = Math.Max(span, 1e-3);
        var html = new HtmlPage("FaceMetric video: " + Path.GetFileName(result.Path));
        html.Raw(TimelineStyle);
        html.Summary(string.Create(CultureInfo.InvariantCulture,
            $"{result.Path}: {result.DecodedFrames} frames at {result.Info.FrameRate:0.##} fps ({result.Info.Width}x{result.Info.Height}, {result.Info.Duration.TotalSeconds:0.00} s); {result.SampledFrames} frames analysed ({result.Sampling}); {result.Detections.Count} faces; {result.People.Count} people ({result.People.Count(p => p.IsKnown)} known). Bars: time on screen (green: known, blue: anonymous), from 0 to {span:0.00} s."));
        html.Raw("<div class=\"person\"><div class=\"who\"></div><div style=\"width:112px\"></div><div class=\"axis\">" + string.Concat(Ticks(span)) + "</div></div>");
        foreach (VideoPerson person in result.People)
        {
            string best = folder.WriteThumbnail(person.Id + "-best.jpg", Jpeg(person.BestFace));
            string who = person.IsKnown
                ? $"<div class=\"name\">{HtmlPage.Encode(person.Name!)}</div>"
                : "<div class=\"name anon\">anonymous</div>";
            double onScreen = person.Segments.Sum(s => (s.End - s.Start).TotalSeconds);
            html.Raw("<div class=\"person\">");
            html.Raw($"<div class=\"who\">{who}<div>{HtmlPage.Encode(person.Id)}</div><div>{person.FaceCount} faces, {HtmlPage.Number(onScreen, "0.0")} s, {person.Segments.Count} segment(s)</div></div>");
            html.Raw(HtmlPage.Figure(best, string.Create(CultureInfo.InvariantCulture, $"best: {person.BestFace.Detection.Time.TotalSeconds:0.00} s"), "best"));
            html.Raw("<div><div class=\"timeline\">");
            foreach (VideoSegment segment in person.Segments)
            {
                double left = 100 * segment.Start.TotalSeconds / span;
                double width = 100 * (segment.End - segment.Start).TotalSeconds / span;
                html.Raw(string.Create(CultureInfo.InvariantCulture,
                    $"<div class=\"seg{(person.IsKnown ? " known" : string.Empty)}\" style=\"left:{left:0.###}%;width:{width:0.###}%\" title=\"{segment.Start.TotalSeconds:0.00}-{segment.End.TotalSeconds:0.00} s\"></div>"));
            }

            html.Raw("</div><div class=\"samples\">");
            for (int i = 0; i < person.SampleFaces.Count; i++)
            {
                VideoFace face = person.SampleFaces[i];
                string src = folder.WriteThumbnail(string.Create(CultureInfo.InvariantCulture, $"{person.Id}-sample{i}.jpg"), Jpeg(face));
                string title = string.Create(CultureInfo.InvariantCulture, $"frame {face.Detection.Frame}, {face.Detection.Time.TotalSeconds:0.00} s");
                html.Raw($"<img src=\"{HtmlPage.Encode(src)}\" alt=\"{HtmlPage.Encode(title)}\" title=\"{HtmlPage.Encode(title)}\">");
            }

            html.Raw("</div></div></div>");
        }

        return folder.WritePage(html.Render());
    }

    private static IEnumerable<string> Ticks(double span)
    {
        double step = span <= 12 ? 1 : span <= 60 ? 5 : span <= 600 ? 60 : 600;
        for (double t = 0; t <= span; t += step)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"<span style=\"left:{100 * t / span:0.###}%\">{t:0}s</span>");
        }
    }

    private static byte[] Jpeg(VideoFace face)
    {
        using var buffer = new MemoryStream();
        face.Image.SaveAsJpeg(buffer, Encoder);
        return buffer.ToArray();
    }
}
