using System.Globalization;
using System.Net;
using System.Text;

namespace FaceMetric.Cli.Reports;

/// <summary>A minimal, self-contained HTML page builder for the reports (inline CSS, no scripts); all text is escaped.</summary>
internal sealed class HtmlPage
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 16px; color: #222; }
        h1 { font-size: 20px; margin: 0 0 6px; }
        h2 { font-size: 16px; margin: 18px 0 6px; border-bottom: 1px solid #ccc; }
        p.summary { color: #555; margin: 0 0 12px; }
        .row { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 6px; margin: 4px 0; }
        .finding { border: 1px solid #ddd; border-radius: 6px; padding: 8px; margin: 8px 0; display: flex; gap: 14px; align-items: flex-start; }
        .group { display: flex; flex-direction: column; gap: 2px; }
        .group .label { font-size: 12px; color: #555; }
        .group .row { flex-wrap: nowrap; }
        figure { margin: 0; width: 112px; text-align: center; }
        figure img { display: block; border: 2px solid #bbb; border-radius: 3px; max-width: 112px; }
        figure.flagged img { border: 3px solid #d33; }
        figure.match img { border-color: #39c; }
        figcaption { font-size: 10px; color: #444; word-break: break-all; }
        .facts { font-size: 13px; max-width: 420px; min-width: 260px; overflow-wrap: anywhere; }
        .kind { font-weight: bold; text-transform: uppercase; }
        .score { color: #d33; font-weight: bold; }
        """;

    private readonly StringBuilder _body = new();
    private readonly string _title;

    public HtmlPage(string title) => _title = title;

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    public static string Number(double value, string format = "F3") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Appends raw HTML (the caller escapes its text).</summary>
    public HtmlPage Raw(string html)
    {
        _body.Append(html).Append('\n');
        return this;
    }

    public HtmlPage Heading(string text, int level = 2) => Raw($"<h{level}>{Encode(text)}</h{level}>");

    public HtmlPage Summary(string text) => Raw($"<p class=\"summary\">{Encode(text)}</p>");

    /// <summary>A thumbnail with a caption; <paramref name="cssClass"/> marks flagged or matching faces.</summary>
    public static string Figure(string src, string caption, string? cssClass = null, string? title = null) =>
        $"<figure{(cssClass is null ? string.Empty : $" class=\"{cssClass}\"")}><img src=\"{Encode(src)}\" alt=\"{Encode(caption)}\"" +
        $"{(title is null ? string.Empty : $" title=\"{Encode(title)}\"")}><figcaption>{Encode(caption)}</figcaption></figure>";

    public string Render() =>
        $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(_title)}</title>\n<style>\n{Style}\n</style></head>\n<body>\n<h1>{Encode(_title)}</h1>\n{_body}</body></html>\n";
}
