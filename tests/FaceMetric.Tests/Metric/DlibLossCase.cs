using System.Text.Json;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Metric;

/// <summary>One case of reference/dlib/loss: dlib 19.24's loss_metric_ run on a real or synthetic batch.</summary>
internal sealed class DlibLossCase
{
    public static readonly string[] Names =
    [
        "bald24", "bald24_m0.1_t0.75", "johns55", "johns55_m0.1_t0.75",
        "johns_mb0", "johns_mb0_m0.1_t0.75", "johns_mb1", "johns_mb1_m0.1_t0.75",
        "johns_mb2", "johns_mb2_m0.1_t0.75", "johns_mb3", "johns_mb3_m0.1_t0.75",
        "random_n32_ids4", "random_n32_ids5_iid_labelvals", "random_n32_ids6", "random_n32_ids6_m0.1_t0.75",
        "random_n32_pos_gt_neg", "ties_n32",
    ];

    private DlibLossCase(string name, JsonElement root)
    {
        Name = name;
        N = root.GetProperty("n").GetInt32();
        Dimension = root.GetProperty("dim").GetInt32();
        Margin = root.GetProperty("margin").GetSingle();
        DistanceThreshold = root.GetProperty("distance_threshold").GetSingle();
        Labels = root.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Embeddings = Flatten(root.GetProperty("embeddings"));
        Loss = root.GetProperty("loss").GetDouble();
        Gradient = Flatten(root.GetProperty("gradient"));
        DlibGram = Flatten(root.GetProperty("gram_dlib_sgemm"));
        JsonElement symmetric = root.GetProperty("symmetric_gram_variant");
        SymmetricLoss = symmetric.GetProperty("loss").GetDouble();
        SymmetricGradient = symmetric.TryGetProperty("gradient", out JsonElement g) ? Flatten(g) : null;
        SameDecisionsAsDlib = symmetric.GetProperty("same_decisions_as_dlib").GetBoolean();
    }

    public string Name { get; }
    public int N { get; }
    public int Dimension { get; }
    public float Margin { get; }
    public float DistanceThreshold { get; }
    public int[] Labels { get; }
    public float[] Embeddings { get; }
    public double Loss { get; }
    public float[] Gradient { get; }
    public float[] DlibGram { get; }
    public double SymmetricLoss { get; }
    /// <summary>Only stored for the case whose decisions differ from dlib's (elsewhere it equals <see cref="Gradient"/>).</summary>
    public float[]? SymmetricGradient { get; }
    public bool SameDecisionsAsDlib { get; }

    public static DlibLossCase Load(string name)
    {
        using var stream = File.OpenRead(Fixtures.Path($"reference/dlib/loss/{name}.json"));
        using var doc = JsonDocument.Parse(stream);
        return new DlibLossCase(name, doc.RootElement);
    }

    private static float[] Flatten(JsonElement matrix) =>
        matrix.EnumerateArray().SelectMany(row => row.EnumerateArray().Select(v => v.GetSingle())).ToArray();
}
