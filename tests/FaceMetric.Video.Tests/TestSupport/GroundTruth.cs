using System.Globalization;
using FaceMetric.Detection;

namespace FaceMetric.Video.Tests.TestSupport;

/// <summary>Fixtures/hamilton/ground_truth.tsv: who sits where in each shot (made by looking at frames; see its README).</summary>
internal sealed class GroundTruth
{
    private readonly List<(long First, long Last, string Identity, float X0, float Y0, float X1, float Y1, string Pose)> _rows = [];

    private GroundTruth()
    {
    }

    public static GroundTruth Load()
    {
        var truth = new GroundTruth();
        foreach (string line in File.ReadLines(VideoFixtures.GroundTruth))
        {
            if (line.StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            string[] f = line.Split('\t');
            float F(int i) => float.Parse(f[i], CultureInfo.InvariantCulture);
            truth._rows.Add((long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), f[2], F(3), F(4), F(5), F(6), f[7]));
        }

        return truth;
    }

    /// <summary>The identity whose region holds the box centre in that frame, or null.</summary>
    public string? IdentityOf(long frame, DetectedFace box)
    {
        float cx = box.X + (box.Width / 2);
        float cy = box.Y + (box.Height / 2);
        foreach (var r in _rows)
        {
            if (frame >= r.First && frame <= r.Last && cx >= r.X0 && cx < r.X1 && cy >= r.Y0 && cy < r.Y1)
            {
                return r.Identity;
            }
        }

        return null;
    }

    /// <summary>True when the identity is listed as visible with the given pose in that frame.</summary>
    public bool Visible(long frame, string identity, string? pose = null) =>
        _rows.Any(r => frame >= r.First && frame <= r.Last && r.Identity == identity && (pose is null || r.Pose == pose));

    /// <summary>Identities a person can be told apart as (the unidentifiable regions excluded).</summary>
    public static bool Identifiable(string? identity) => identity is not null && identity != "blurred-audience" && identity != "audience-edge";
}
