using System.Text;
using FaceMetric.Cli.Reports;
using FaceMetric.Evaluation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Cli.Commands;

/// <summary>
/// <c>audit DIR [--json] [--report DIR]</c>: DIR holds one sub-folder per claimed identity; every image is analysed and
/// the labels audited (<see cref="LabelAudit"/>): outliers, probable mislabels, splits, merges, images without a face or
/// with several. Nothing is changed on disk (except the report, when asked for).
/// </summary>
internal static class AuditCommand
{
    public const string Usage = "audit DIR [--json] [--report DIR] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--detector hog-cnn|hog|cnn|ssd] [--landmarks face-api-corrected|face-api|dlib] [--shape-predictor PATH] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var args = ParsedArguments.Parse(rawArgs, [.. CliModels.AnalyzerOptions, "report"], [BatchInputs.StrictFlag]);
        if (args.Positional.Count != 1)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        string root = args.Positional[0];
        if (!Directory.Exists(root))
        {
            throw CliException.BadInput($"{root}: no such folder");
        }

        IReadOnlyList<(string Label, string Path)> images = LabelAudit.ListFolders(root);
        if (images.Count == 0)
        {
            throw CliException.BadInput($"{root}: no images in sub-folders (the audit needs one sub-folder per identity)");
        }

        string? reportDir = args.Value("report");
        var items = new AuditItem[images.Count];
        var chips = new byte[]?[images.Count];
        var photos = new byte[]?[images.Count];
        var batch = new BatchInputs(stderr, args.Flag(BatchInputs.StrictFlag));
        using (FaceAnalyzer analyzer = CliModels.Analyzer(args))
        using (var progress = new ProgressBar(stderr, "audit", images.Count))
        {
            for (int i = 0; i < images.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using Image<Rgb24>? image = batch.Load(images[i].Path, []);
                if (image is null)
                {
                    progress.Report(i + 1);
                    continue;
                }

                IReadOnlyList<AnalyzedFace>? found = batch.Analyze(analyzer, images[i].Path, image);
                if (found is null)
                {
                    progress.Report(i + 1);
                    continue;
                }

                IReadOnlyList<AnalyzedFace> faces = SubjectFace.OrderCentreFirst(found, image.Width, image.Height);
                items[i] = new AuditItem(images[i].Label, images[i].Path, faces.Select(f => f.Descriptor));
                if (reportDir is not null)
                {
                    chips[i] = faces.Count > 0 ? Thumbnails.Chip(analyzer.Aligner, image, faces[0].Chip) : null;
                    photos[i] = faces.Count != 1 ? Thumbnails.Photo(image) : null;
                }

                progress.Report(i + 1);
            }
        }

        if (batch.Failures.Count > 0)
        {
            // Unreadable photos take no part in the audit (an item without faces would be reported as "no face").
            var kept = Enumerable.Range(0, images.Count).Where(i => items[i] is not null).ToArray();
            if (kept.Length == 0)
            {
                throw CliException.BadInput($"{root}: not one image could be read");
            }

            items = [.. kept.Select(i => items[i])];
            chips = [.. kept.Select(i => chips[i])];
            photos = [.. kept.Select(i => photos[i])];
        }

        LabelAuditReport audit = LabelAudit.Audit(items, cancellationToken: cancellationToken);
        cancellationToken.ThrowIfCancellationRequested(); // the last moment a Ctrl+C is honoured: nothing is written before it
        string? page = reportDir is null ? null : WriteReport(reportDir, root, audit, chips, photos);
        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteStartArray("findings");
                foreach (AuditFinding f in audit.Findings)
                {
                    w.WriteStartObject();
                    w.WriteString("path", f.Id);
                    w.WriteString("label", f.Label);
                    w.WriteString("kind", KindName(f.Kind));
                    if (f.Matches is null)
                    {
                        w.WriteNull("matches");
                    }
                    else
                    {
                        w.WriteString("matches", f.Matches);
                    }

                    w.WriteNumber("score", Math.Round(f.Score, 4));
                    w.WriteString("reason", f.Reason);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("images", audit.Items.Count);
                w.WriteNumber("faces", audit.FaceCount);
                w.WriteNumber("identities", audit.IdentityCount);
                batch.WriteErrors(w);
                if (page is not null)
                {
                    w.WriteString("report", page);
                }
            });
        }
        else
        {
            stdout.WriteLine($"{audit.Items.Count} images of {audit.IdentityCount} identities ({audit.FaceCount} with a face): {audit.Findings.Count} findings");
            foreach (AuditFinding f in audit.Findings)
            {
                stdout.WriteLine(FormattableString.Invariant($"{f.Score:F3}\t{KindName(f.Kind)}\t{f.Label}\t{f.Matches ?? "-"}\t{f.Id}\t{f.Reason}"));
            }

            if (page is not null)
            {
                stdout.WriteLine("report: " + page);
            }
        }

        return batch.ExitCode;
    }

    /// <summary>The contract's lower-case kind names.</summary>
    public static string KindName(AuditFindingKind kind) => kind switch
    {
        AuditFindingKind.Outlier => "outlier",
        AuditFindingKind.Mislabel => "mislabel",
        AuditFindingKind.Split => "split",
        AuditFindingKind.Merge => "merge",
        AuditFindingKind.NoFace => "noface",
        AuditFindingKind.MultiFace => "multiface",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string WriteReport(string folder, string root, LabelAuditReport audit, byte[]?[] chips, byte[]?[] photos)
    {
        var report = new ReportFolder(folder);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var html = new HtmlPage("FaceMetric label audit");
        string counts = string.Join(", ", audit.Findings.GroupBy(f => f.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {KindName(g.Key)}"));
        html.Summary($"{root}: {audit.Items.Count} images of {audit.IdentityCount} identities ({audit.FaceCount} with a face). " +
            $"{audit.Findings.Count} findings{(counts.Length > 0 ? $" ({counts})" : string.Empty)}, strongest evidence first. " +
            "Red: the flagged face (its aligned chip); grey: the nearest faces of the identity it is filed under; blue: the identity it appears to match.");
        int rank = 0;
        foreach (AuditFinding f in audit.Findings)
        {
            rank++;
            var row = new StringBuilder("<div class=\"finding\">");
            row.Append("<div class=\"group\"><span class=\"label\">flagged</span><div class=\"row\">");
            if (photos[f.ItemIndex] is not null && f.Kind is AuditFindingKind.NoFace or AuditFindingKind.MultiFace)
            {
                row.Append(HtmlPage.Figure(Write(report, written, $"photo{f.ItemIndex}.jpg", photos[f.ItemIndex]!), "whole photo", "flagged", f.Id));
            }

            if (chips[f.ItemIndex] is not null)
            {
                row.Append(HtmlPage.Figure(Write(report, written, $"face{f.ItemIndex}.jpg", chips[f.ItemIndex]!), Path.GetFileName(f.Id), "flagged", f.Id));
            }

            row.Append("</div></div>");
            row.Append("<div class=\"facts\">")
                .Append($"#{rank} <span class=\"kind\">{KindName(f.Kind)}</span> <span class=\"score\">{HtmlPage.Number(f.Score)}</span><br>")
                .Append($"filed under <b>{HtmlPage.Encode(f.Label)}</b>")
                .Append(f.Matches is null ? string.Empty : $", matches <b>{HtmlPage.Encode(f.Matches)}</b>")
                .Append($"<br>{HtmlPage.Encode(f.Reason)}<br><small>{HtmlPage.Encode(f.Id)}</small></div>");
            AppendGroup(row, report, written, audit, chips, f.OwnExamples, $"{f.Label} (nearest)", null);
            if (f.Matches is not null)
            {
                AppendGroup(row, report, written, audit, chips, f.MatchExamples, $"{f.Matches} (nearest)", "match");
            }

            row.Append("</div>");
            html.Raw(row.ToString());
        }

        return report.WritePage(html.Render());
    }

    private static void AppendGroup(
        StringBuilder row, ReportFolder report, HashSet<string> written, LabelAuditReport audit, byte[]?[] chips,
        IReadOnlyList<int> examples, string title, string? cssClass)
    {
        if (examples.Count == 0)
        {
            return;
        }

        row.Append($"<div class=\"group\"><span class=\"label\">{HtmlPage.Encode(title)}</span><div class=\"row\">");
        foreach (int item in examples)
        {
            if (chips[item] is { } chip)
            {
                string id = audit.Items[item].Id;
                row.Append(HtmlPage.Figure(Write(report, written, $"face{item}.jpg", chip), Path.GetFileName(id), cssClass, id));
            }
        }

        row.Append("</div></div>");
    }

    private static string Write(ReportFolder report, HashSet<string> written, string name, byte[] bytes) =>
        written.Add(name) ? report.WriteThumbnail(name, bytes) : ReportFolder.ThumbnailFolder + "/" + name;
}
