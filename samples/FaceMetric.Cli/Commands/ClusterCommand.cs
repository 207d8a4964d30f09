using FaceMetric.Cli.Reports;
using FaceMetric.Clustering;
using FaceMetric.Matching;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Cli.Commands;

/// <summary>
/// <c>cluster PATH... [--threshold 0.6] [--report DIR] [--json]</c>: every face of every photo, grouped by person with
/// dlib's Chinese Whispers (edges between faces closer than the threshold). The report is an HTML page with each
/// cluster's face chips.
/// </summary>
internal static class ClusterCommand
{
    public const string Usage = "cluster PATH... [--threshold 0.6] [--report DIR] [--json] [--upsample N] [--front-end dlib-compatible|face-api|dlib] [--detector hog-cnn|hog|cnn|ssd] [--landmarks face-api-corrected|face-api|dlib] [--shape-predictor PATH] [--models DIR]";

    public static int Run(IReadOnlyList<string> rawArgs, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var args = ParsedArguments.Parse(rawArgs, [.. CliModels.AnalyzerOptions, "threshold", "report"], [BatchInputs.StrictFlag]);
        if (args.Positional.Count == 0)
        {
            throw CliException.BadArguments("usage: facemetric " + Usage);
        }

        float threshold = (float)args.Double("threshold", FaceMatcher.DefaultThreshold, 1e-6, 10);
        string? reportDir = args.Value("report");
        IReadOnlyList<string> paths = InputPaths.Expand(args.Positional);
        var faces = new List<(string Path, AnalyzedFace Face, byte[]? Thumbnail)>();
        var batch = new BatchInputs(stderr, args.Flag(BatchInputs.StrictFlag));
        using (FaceAnalyzer analyzer = CliModels.Analyzer(args))
        using (var progress = new ProgressBar(stderr, "cluster", paths.Count))
        {
            for (int i = 0; i < paths.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using Image<Rgb24>? image = batch.Load(paths[i], []);
                foreach (AnalyzedFace face in image is null ? [] : batch.Analyze(analyzer, paths[i], image) ?? [])
                {
                    faces.Add((paths[i], face, reportDir is null ? null : Thumbnails.Chip(analyzer.Aligner, image!, face.Chip)));
                }

                progress.Report(i + 1);
            }
        }

        ClusterResult clusters = new FaceClusterer(threshold).Cluster(faces.Select(f => f.Face.Descriptor).ToList(), cancellationToken: cancellationToken);
        cancellationToken.ThrowIfCancellationRequested(); // the last moment a Ctrl+C is honoured: nothing is written before it
        string? page = reportDir is null ? null : WriteReport(reportDir, faces, clusters, threshold, paths.Count);
        if (args.Json)
        {
            JsonOutput.Write(stdout, w =>
            {
                w.WriteStartArray("clusters");
                for (int k = 0; k < clusters.ClusterCount; k++)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", k);
                    w.WriteStartArray("members");
                    foreach (int node in clusters.Clusters[k])
                    {
                        w.WriteStartObject();
                        w.WriteString("path", faces[node].Path);
                        JsonOutput.Box(w, faces[node].Face.Detection);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                batch.WriteErrors(w);
                if (page is not null)
                {
                    w.WriteString("report", page);
                }
            });
        }
        else
        {
            stdout.WriteLine($"{faces.Count} faces in {paths.Count} images -> {clusters.ClusterCount} clusters (threshold {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
            for (int k = 0; k < clusters.ClusterCount; k++)
            {
                stdout.WriteLine($"cluster {k} ({clusters.Clusters[k].Count} faces)");
                foreach (int node in clusters.Clusters[k])
                {
                    stdout.WriteLine("  " + faces[node].Path + "\t" + JsonOutput.BoxText(faces[node].Face.Detection));
                }
            }

            if (page is not null)
            {
                stdout.WriteLine("report: " + page);
            }
        }

        return batch.ExitCode;
    }

    private static string WriteReport(
        string folder, List<(string Path, AnalyzedFace Face, byte[]? Thumbnail)> faces, ClusterResult clusters, float threshold, int imageCount)
    {
        var report = new ReportFolder(folder);
        var html = new HtmlPage("FaceMetric clusters");
        html.Summary(FormattableString.Invariant(
            $"{faces.Count} faces in {imageCount} image{(imageCount == 1 ? string.Empty : "s")}, {clusters.ClusterCount} clusters (Chinese Whispers, faces joined under distance {threshold}). Largest first."));
        var order = Enumerable.Range(0, clusters.ClusterCount).OrderByDescending(k => clusters.Clusters[k].Count).ThenBy(k => k);
        foreach (int k in order)
        {
            IReadOnlyList<int> members = clusters.Clusters[k];
            html.Heading(FormattableString.Invariant($"Cluster {k}: {members.Count} face{(members.Count == 1 ? string.Empty : "s")}"));
            html.Raw("<div class=\"row\">");
            foreach (int node in members)
            {
                var (path, face, thumbnail) = faces[node];
                string src = report.WriteThumbnail(FormattableString.Invariant($"face{node}.jpg"), thumbnail!);
                html.Raw(HtmlPage.Figure(src, Path.GetFileName(path) + " " + JsonOutput.BoxText(face.Detection), title: path));
            }

            html.Raw("</div>");
        }

        return report.WritePage(html.Render());
    }
}
