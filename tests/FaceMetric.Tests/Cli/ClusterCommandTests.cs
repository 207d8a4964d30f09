using System.Text.Json;
using System.Text.RegularExpressions;
using FaceMetric.Tests.Imaging;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Cli;

/// <summary><c>facemetric cluster</c> on dlib's examples.</summary>
public sealed partial class ClusterCommandTests
{
    private static List<List<(string Path, double[] Box)>> Clusters(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("clusters").EnumerateArray()
            .Select((c, k) =>
            {
                Assert.Equal(k, c.GetProperty("id").GetInt32());
                return c.GetProperty("members").EnumerateArray()
                    .Select(m => (m.GetProperty("path").GetString()!, m.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray()))
                    .ToList();
            })
            .ToList();
    }

    [Fact]
    public void BaldGuysUpsampledAreFourPeopleOfSixFacesAsDlibSays()
    {
        using var temp = new TempFolder();
        string photo = Fixtures.Path(TestFiles.Data.BaldGuys);
        var (code, stdout, stderr) = CliRunner.Run("cluster", photo, "--upsample", "1", "--json", "--report", temp.Path);
        Assert.True(code == 0, stderr);
        var clusters = Clusters(stdout);
        Assert.Equal(4, clusters.Count);
        Assert.All(clusters, c => Assert.Equal(6, c.Count));

        // Who each face is: the nearest of dlib's own 24 detections (align_bald_guys.json), whose identities the
        // reference's truth_identity gives (by chip name).
        using var align = JsonDocument.Parse(File.ReadAllText(Fixtures.Path(TestFiles.Reference.AlignBaldGuys)));
        using var labels = ReferenceData.ReadLabels("bald24_t06");
        var names = labels.RootElement.GetProperty("names").EnumerateArray().Select(e => e.GetString()!).ToList();
        var truth = labels.RootElement.GetProperty("truth_identity").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var dlibFaces = align.RootElement.GetProperty("images")[0].GetProperty("faces").EnumerateArray().Select(f =>
        {
            var box = f.GetProperty("box");
            double cx = (box.GetProperty("left").GetDouble() + box.GetProperty("right").GetDouble()) / 2;
            double cy = (box.GetProperty("top").GetDouble() + box.GetProperty("bottom").GetDouble()) / 2;
            return (cx, cy, Person: truth[names.IndexOf(f.GetProperty("chip_png").GetString()!)]);
        }).ToList();
        Assert.Equal(24, dlibFaces.Count);

        var people = clusters.Select(c => c.Select(m =>
        {
            double cx = m.Box[0] + (m.Box[2] / 2), cy = m.Box[1] + (m.Box[3] / 2);
            var nearest = dlibFaces.MinBy(d => Math.Pow(d.cx - cx, 2) + Math.Pow(d.cy - cy, 2));
            Assert.True(Math.Sqrt(Math.Pow(nearest.cx - cx, 2) + Math.Pow(nearest.cy - cy, 2)) < m.Box[2] / 2, "a face dlib did not find");
            return nearest.Person;
        }).Distinct().ToList()).ToList();
        Assert.All(people, p => Assert.Single(p));
        Assert.Equal([0, 1, 2, 3], people.Select(p => p[0]).Order());

        // The page groups the 24 thumbnails under four headings with the cluster sizes, in the JSON's grouping.
        string html = File.ReadAllText(Path.Combine(temp.Path, "report.html"));
        var sections = Regex.Split(html, "<h2>").Skip(1).ToList();
        Assert.Equal(4, sections.Count);
        for (int k = 0; k < 4; k++)
        {
            string section = sections.Single(s => s.StartsWith($"Cluster {k}: 6 faces", StringComparison.Ordinal));
            var sources = ImageSource().Matches(section).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(6, sources.Count);
            Assert.All(sources, s => Assert.True(File.Exists(Path.Combine(temp.Path, s)), s));
        }
    }

    [Fact]
    public void JohnsChipsNeverMixTwoPeopleInACluster()
    {
        // The chips are 150x150 aligned crops: the SSD detector finds a face in only part of them (19 of 55 here:
        // all of John_Salley's, none of John_Savage's). Every cluster it makes holds one person's chips only.
        string chips = Fixtures.Path(TestFiles.Reference.Chips);
        var (code, stdout, stderr) = CliRunner.Run("cluster", chips, "--json");
        Assert.True(code == 0, stderr);
        var clusters = Clusters(stdout);
        Assert.All(clusters, c => Assert.Single(c.Select(m => Path.GetFileName(Path.GetDirectoryName(m.Path))).Distinct()));
        Assert.Contains(clusters, c => c.Count == 11 && c.All(m => m.Path.Contains("John_Salley", StringComparison.Ordinal)));
        Assert.Equal(clusters.Count, clusters.Select(c => Path.GetFileName(Path.GetDirectoryName(c[0].Path))).Distinct().Count());
    }

    [Fact]
    public void BadArgumentsExitWith2AndBadInputWith3()
    {
        string photo = Fixtures.Path(TestFiles.Data.BaldGuys);
        Assert.Equal(2, CliRunner.Run("cluster").ExitCode);
        Assert.Equal(2, CliRunner.Run("cluster", photo, "--threshold", "abc").ExitCode);
        Assert.Equal(2, CliRunner.Run("cluster", photo, "--threshold", "-1").ExitCode);
        Assert.Equal(2, CliRunner.Run("cluster", photo, "--k", "3").ExitCode);
        var (code, stdout, stderr) = CliRunner.Run("cluster", "/no/such/photo.jpg");
        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Contains("/no/such/photo.jpg", stderr);
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();
}
