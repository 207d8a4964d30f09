using System.Globalization;
using System.Numerics.Tensors;
using FaceMetric.Clustering;
using FaceMetric.Embedding;

namespace FaceMetric.Evaluation;

/// <summary>One run of <see cref="LabelAudit"/> (see its remarks for the rules); single use, not thread-safe.</summary>
internal sealed class AuditEngine
{
    private const int Dimension = FaceDescriptor.Length;

    /// <summary>How many nearest faces a distance to a group averages over.</summary>
    private const int Nearest = 3;

    private readonly IReadOnlyList<AuditItem> _items;
    private readonly LabelAuditOptions _options;
    private readonly float _threshold;
    private readonly List<AuditFinding> _findings = [];
    private readonly HashSet<(int Item, string Matches)> _named = [];
    private readonly HashSet<(int Item, string Matches)> _mislabels = [];
    private readonly List<string> _labelNames = [];
    private readonly Dictionary<string, int> _labelIds = new(StringComparer.Ordinal);
    private readonly List<List<int>> _members = [];
    private readonly List<List<int>> _noFaceItems = [];
    private int[] _itemOfNode = [];
    private int[] _labelOfNode = [];
    private float[] _rows = [];
    private AuditGraph? _graph;
    private int[][] _main = [];
    private bool[] _isMain = [];
    private int[] _clusterSize = [];
    private double?[] _spread = [];

    public AuditEngine(IReadOnlyList<AuditItem> items, LabelAuditOptions options)
    {
        _items = items;
        _options = options;
        _threshold = options.Threshold;
    }

    private AuditGraph Graph => _graph ?? throw new InvalidOperationException("The graph is built first.");

    /// <summary>Runs every stage; <paramref name="cancellationToken"/> is checked between stages.</summary>
    public LabelAuditReport Run(CancellationToken cancellationToken = default)
    {
        Action[] stages =
        [
            BuildNodes,
            () => _graph = AuditGraph.Build(_rows, _itemOfNode.Length, _threshold),
            ClusterIdentities,
            FindFaceFindings,
            FindIdentityMerges,
            FindNearDuplicates,
            FindImageFindings,
        ];
        foreach (Action stage in stages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stage();
        }

        AuditFinding[] sorted = _findings
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.ItemIndex)
            .ThenBy(f => f.Kind)
            .ToArray();
        return new LabelAuditReport(_items, Array.AsReadOnly(sorted), _options, _labelNames.Count, _itemOfNode.Length);
    }

    /// <summary>One node per item with a face (its first face); labels numbered by first appearance.</summary>
    private void BuildNodes()
    {
        var itemOfNode = new List<int>();
        var labelOfNode = new List<int>();
        for (int i = 0; i < _items.Count; i++)
        {
            AuditItem item = _items[i];
            if (!_labelIds.TryGetValue(item.Label, out int label))
            {
                label = _labelNames.Count;
                _labelIds.Add(item.Label, label);
                _labelNames.Add(item.Label);
                _members.Add([]);
                _noFaceItems.Add([]);
            }

            if (item.Faces.Count == 0)
            {
                _noFaceItems[label].Add(i);
                continue;
            }

            _members[label].Add(itemOfNode.Count);
            itemOfNode.Add(i);
            labelOfNode.Add(label);
        }

        _itemOfNode = itemOfNode.ToArray();
        _labelOfNode = labelOfNode.ToArray();
        _rows = new float[(long)_itemOfNode.Length * Dimension];
        for (int node = 0; node < _itemOfNode.Length; node++)
        {
            _items[_itemOfNode[node]].Faces[0].CopyTo(_rows.AsSpan(node * Dimension, Dimension));
        }
    }

    /// <summary>Chinese Whispers over each identity's own subgraph; its main cluster is the largest (2 faces or more).</summary>
    private void ClusterIdentities()
    {
        int n = _itemOfNode.Length;
        _main = new int[_labelNames.Count][];
        _spread = new double?[_labelNames.Count];
        _isMain = new bool[n];
        _clusterSize = new int[n];
        for (int label = 0; label < _labelNames.Count; label++)
        {
            List<int> members = _members[label];
            _main[label] = [];
            if (members.Count == 1)
            {
                _clusterSize[members[0]] = 1;
            }

            if (members.Count < 2)
            {
                continue;
            }

            List<int[]> clusters = ClusterSubset(members);
            foreach (int[] cluster in clusters)
            {
                foreach (int node in cluster)
                {
                    _clusterSize[node] = cluster.Length;
                }
            }

            if (clusters[0].Length >= 2)
            {
                _main[label] = clusters[0];
                foreach (int node in clusters[0])
                {
                    _isMain[node] = true;
                }
            }
        }
    }

    /// <summary>
    /// Chinese Whispers (dlib's semantics: weight-1 edges under the threshold, self-loops, default seed) over the
    /// subgraph induced by <paramref name="nodes"/> (ascending). Clusters come back ranked: larger first, then more
    /// internal edges, then smaller summed internal distance, then smaller first node. Each cluster is ascending.
    /// </summary>
    private List<int[]> ClusterSubset(IReadOnlyList<int> nodes)
    {
        AuditGraph graph = Graph;
        var local = new Dictionary<int, int>(nodes.Count);
        for (int a = 0; a < nodes.Count; a++)
        {
            local.Add(nodes[a], a);
        }

        var edges = new List<WeightedEdge>(nodes.Count * 2);
        var edgeDistances = new List<(int A, int B, float D)>();
        for (int a = 0; a < nodes.Count; a++)
        {
            edges.Add(new WeightedEdge(a, a));
            int u = nodes[a];
            for (int e = graph.Offsets[u]; e < graph.Offsets[u + 1]; e++)
            {
                int v = graph.Targets[e];
                if (v > u && local.TryGetValue(v, out int b))
                {
                    edges.Add(new WeightedEdge(a, b));
                    edgeDistances.Add((a, b, graph.Distances[e]));
                }
            }
        }

        ClusterResult result = ChineseWhispers.Run(edges);
        int count = result.ClusterCount;
        int[] internalEdges = new int[count];
        double[] internalDistance = new double[count];
        foreach (var (a, b, d) in edgeDistances)
        {
            int k = result.Labels[a];
            if (k == result.Labels[b])
            {
                internalEdges[k]++;
                internalDistance[k] += d;
            }
        }

        return Enumerable.Range(0, count)
            .OrderByDescending(k => result.Clusters[k].Count)
            .ThenByDescending(k => internalEdges[k])
            .ThenBy(k => internalDistance[k])
            .ThenBy(k => result.Clusters[k][0])
            .Select(k => result.Clusters[k].Select(a => nodes[a]).ToArray())
            .ToList();
    }

    /// <summary>Every face of a multi-face identity outside its main cluster: mislabel, split or outlier.</summary>
    private void FindFaceFindings()
    {
        for (int label = 0; label < _labelNames.Count; label++)
        {
            List<int> members = _members[label];
            if (members.Count < 2)
            {
                continue;
            }

            int[] main = _main[label];
            IReadOnlyList<int> reference = main.Length > 0 ? main : members;
            foreach (int node in members)
            {
                if (_isMain[node])
                {
                    continue;
                }

                var (own, ownExamples) = NearestOf(node, reference);
                var (match, matchDistance, matchExamples, support) = BestSupport(node, label, strict: main.Length == 0);
                string where = main.Length > 0
                    ? Invariant($"outside {_labelNames[label]}'s main cluster ({main.Length} faces; mean distance to its nearest {ownExamples.Length}: {own:F3})")
                    : Invariant($"{_labelNames[label]} has no cluster of two faces (mean distance to its nearest {ownExamples.Length} other faces: {own:F3})");
                if (match >= 0 && matchDistance < own)
                {
                    string reason = Invariant($"{where}; within {_threshold} of {support} of {_labelNames[match]}'s {_main[match].Length} main-cluster faces (mean distance to the nearest {matchExamples.Length}: {matchDistance:F3})");
                    Add(node, AuditFindingKind.Mislabel, match, own - matchDistance, own, matchDistance, ownExamples, matchExamples, reason);
                }
                else if (main.Length > 0 && _clusterSize[node] >= 2)
                {
                    string reason = Invariant($"in a second cluster of {_labelNames[label]} ({_clusterSize[node]} faces), {where}");
                    Add(node, AuditFindingKind.Split, -1, Math.Max(0, own - _threshold), own, null, ownExamples, [], reason);
                }
                else
                {
                    string reason = $"{where}; no other identity's main cluster claims it";
                    Add(node, AuditFindingKind.Outlier, -1, Math.Max(0, own - _threshold), own, null, ownExamples, [], reason);
                }
            }
        }
    }

    /// <summary>
    /// The identity (other than <paramref name="ownLabel"/>) whose main cluster (2 faces or more) has more than half its
    /// faces within the threshold of the node, nearest by mean distance to its nearest faces; -1 when none. When
    /// <paramref name="strict"/> (the node's own identity has no main cluster, so its own evidence cannot tell which of
    /// its faces is wrong) the node must also be no farther from the cluster, on average, than the cluster's least
    /// typical member (<see cref="Spread"/>).
    /// </summary>
    private (int Label, double Distance, int[] Examples, int Support) BestSupport(int node, int ownLabel, bool strict)
    {
        AuditGraph graph = Graph;
        var counts = new Dictionary<int, int>();
        for (int e = graph.Offsets[node]; e < graph.Offsets[node + 1]; e++)
        {
            int v = graph.Targets[e];
            int label = _labelOfNode[v];
            if (label != ownLabel && _isMain[v])
            {
                counts[label] = counts.GetValueOrDefault(label) + 1;
            }
        }

        (int Label, double Distance, int[] Examples, int Support) best = (-1, double.PositiveInfinity, [], 0);
        foreach (var (label, count) in counts.OrderBy(p => p.Key))
        {
            int[] main = _main[label];
            if (2 * count <= main.Length || (strict && MeanDistance([node], main) > Spread(label)))
            {
                continue;
            }

            var (distance, examples) = NearestOf(node, main);
            if (distance < best.Distance)
            {
                best = (label, distance, examples, count);
            }
        }

        return best;
    }

    /// <summary>
    /// How far the least typical face of an identity's main cluster sits from the rest: the largest mean distance of a
    /// member to the other members. A face no farther than this from the cluster on average looks like a member.
    /// </summary>
    private double Spread(int label)
    {
        if (_spread[label] is { } known)
        {
            return known;
        }

        int[] main = _main[label];
        double spread = 0;
        foreach (int member in main)
        {
            double sum = 0;
            foreach (int other in main)
            {
                sum += other == member ? 0 : Distance(member, other);
            }

            spread = Math.Max(spread, sum / (main.Length - 1));
        }

        _spread[label] = spread;
        return spread;
    }

    /// <summary>
    /// Identities whose core groups (the main cluster, or the only face of a one-face identity; not two one-face
    /// identities) cluster together: at least half of the cross pairs are edges and Chinese Whispers over the two groups
    /// puts most of each into one cluster. The faces of the smaller group are flagged, naming the larger.
    /// </summary>
    private void FindIdentityMerges()
    {
        AuditGraph graph = Graph;
        int[][] core = new int[_labelNames.Count][];
        for (int label = 0; label < core.Length; label++)
        {
            core[label] = _main[label].Length > 0 ? _main[label] : _members[label].Count == 1 ? [_members[label][0]] : [];
        }

        bool[] inCore = new bool[_itemOfNode.Length];
        foreach (int[] group in core)
        {
            foreach (int node in group)
            {
                inCore[node] = true;
            }
        }

        var crossEdges = new Dictionary<(int, int), int>();
        for (int u = 0; u < _itemOfNode.Length; u++)
        {
            if (!inCore[u])
            {
                continue;
            }

            int lu = _labelOfNode[u];
            for (int e = graph.Offsets[u]; e < graph.Offsets[u + 1]; e++)
            {
                int v = graph.Targets[e];
                int lv = _labelOfNode[v];
                if (v > u && inCore[v] && lv != lu && (core[lu].Length > 1 || core[lv].Length > 1))
                {
                    var key = (Math.Min(lu, lv), Math.Max(lu, lv));
                    crossEdges[key] = crossEdges.GetValueOrDefault(key) + 1;
                }
            }
        }

        var candidates = new List<(int Flagged, int Other, double Cross, int Count)>();
        foreach (var ((l1, l2), count) in crossEdges.OrderBy(p => p.Key))
        {
            int[] a = core[l1];
            int[] b = core[l2];
            if (2L * count < (long)a.Length * b.Length)
            {
                continue;
            }

            // As close to each other as their own members are, and one cluster when clustered together.
            double cross = MeanDistance(a, b);
            double withinA = WithinMean(a), withinB = WithinMean(b);
            double within = double.IsNaN(withinA) ? withinB : double.IsNaN(withinB) ? withinA : Math.Max(withinA, withinB);
            if (!(cross <= within) || !ClusterTogether(a, b))
            {
                continue;
            }

            bool flagFirst = a.Length < b.Length;
            candidates.Add(flagFirst ? (l1, l2, cross, count) : (l2, l1, cross, count));
        }

        // A flagged group names only its nearest merging identity.
        var nearest = new Dictionary<int, (int Other, double Cross)>();
        foreach (var (flagged, other, cross, _) in candidates)
        {
            if (!nearest.TryGetValue(flagged, out var best) || cross < best.Cross)
            {
                nearest[flagged] = (other, cross);
            }
        }

        foreach (var (flagged, other, cross, count) in candidates)
        {
            if (nearest[flagged].Other != other)
            {
                continue;
            }

            int pairs = core[flagged].Length * core[other].Length;
            foreach (int node in core[flagged])
            {
                var (own, ownExamples) = NearestOf(node, core[flagged]);
                var (_, matchExamples) = NearestOf(node, core[other]);
                string reason = Invariant($"{Describe(flagged, core[flagged])} and {Describe(other, core[other])} cluster together: {count} of {pairs} cross pairs within {_threshold}, mean distance {cross:F3} (no more than within either)");
                Add(node, AuditFindingKind.Merge, other, Math.Max(0, _threshold - cross), double.IsNaN(own) ? null : own, cross, ownExamples, matchExamples, reason);
            }
        }
    }

    private string Describe(int label, int[] group) =>
        group.Length > 1 ? Invariant($"{_labelNames[label]}'s main cluster ({group.Length} faces)") : $"{_labelNames[label]}'s only face";

    /// <summary>Mean distance over all pairs of one group (NaN for fewer than two faces).</summary>
    private double WithinMean(int[] group)
    {
        if (group.Length < 2)
        {
            return double.NaN;
        }

        double sum = 0;
        for (int i = 0; i < group.Length; i++)
        {
            for (int j = i + 1; j < group.Length; j++)
            {
                sum += Distance(group[i], group[j]);
            }
        }

        return sum / (group.Length * (group.Length - 1) / 2.0);
    }

    private float Distance(int u, int v) =>
        TensorPrimitives.Distance(_rows.AsSpan(u * Dimension, Dimension), _rows.AsSpan(v * Dimension, Dimension));

    /// <summary>Whether Chinese Whispers over two groups' faces alone puts more than half of each into one cluster.</summary>
    private bool ClusterTogether(int[] a, int[] b)
    {
        int[] nodes = a.Concat(b).Order().ToArray();
        var inA = new HashSet<int>(a);
        foreach (int[] cluster in ClusterSubset(nodes))
        {
            int fromA = cluster.Count(inA.Contains);
            if (2 * fromA > a.Length && 2 * (cluster.Length - fromA) > b.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Faces of different identities closer than the near-duplicate distance: the same photo (or person) filed twice.
    /// Both faces are flagged, except a face whose twin is already a mislabel naming the face's identity.
    /// </summary>
    private void FindNearDuplicates()
    {
        AuditGraph graph = Graph;
        float limit = _options.NearDuplicateDistance;
        var pairs = new List<(int U, int V, float D)>();
        for (int u = 0; u < _itemOfNode.Length; u++)
        {
            for (int e = graph.Offsets[u]; e < graph.Offsets[u + 1]; e++)
            {
                int v = graph.Targets[e];
                if (v > u && graph.Distances[e] < limit && _labelOfNode[u] != _labelOfNode[v])
                {
                    pairs.Add((u, v, graph.Distances[e]));
                }
            }
        }

        foreach (var (u, v, d) in pairs.OrderBy(p => p.D).ThenBy(p => p.U).ThenBy(p => p.V))
        {
            FlagDuplicate(u, v, d);
            FlagDuplicate(v, u, d);
        }
    }

    private void FlagDuplicate(int node, int twin, float distance)
    {
        int label = _labelOfNode[node];
        int other = _labelOfNode[twin];

        // Already said, or explained by the twin: a twin found mislabelled as this node's identity is the problem.
        if (_named.Contains((_itemOfNode[node], _labelNames[other])) || _mislabels.Contains((_itemOfNode[twin], _labelNames[label])))
        {
            return;
        }

        IReadOnlyList<int> own = _main[label].Length > 0 ? _main[label] : _members[label];
        var (ownDistance, ownExamples) = NearestOf(node, own);
        string reason = Invariant($"near-duplicate of {_labelNames[other]}'s '{_items[_itemOfNode[twin]].Id}' (distance {distance:F3}, under {_options.NearDuplicateDistance}): one photo, or one person, under two names");
        Add(node, AuditFindingKind.Merge, other, _threshold - distance, double.IsNaN(ownDistance) ? null : ownDistance, distance, ownExamples, [twin], reason);
    }

    /// <summary>Images without a face, or with several.</summary>
    private void FindImageFindings()
    {
        var nodeOfItem = new int[_items.Count];
        Array.Fill(nodeOfItem, -1);
        for (int node = 0; node < _itemOfNode.Length; node++)
        {
            nodeOfItem[_itemOfNode[node]] = node;
        }

        for (int i = 0; i < _items.Count; i++)
        {
            AuditItem item = _items[i];
            int label = _labelIds[item.Label];
            int[] main = _main[label];
            IReadOnlyList<int> examples = main.Length > 0 ? main : _members[label];
            if (item.Faces.Count == 0)
            {
                int[] ownExamples = examples.Take(Nearest).Select(n => _itemOfNode[n]).ToArray();
                _findings.Add(new AuditFinding(i, item, AuditFindingKind.NoFace, null, LabelAudit.NoFaceScore, null, null, ownExamples, [], "no face found in the image"));
            }
            else if (item.Faces.Count > 1)
            {
                int node = nodeOfItem[i];
                var (own, ownExamples) = NearestOf(node, examples);
                string reason = Invariant($"{item.Faces.Count} faces in the image; the first (nearest the centre, for photos read by FaceMetric) was taken as {item.Label}");
                _findings.Add(new AuditFinding(
                    i, item, AuditFindingKind.MultiFace, null, LabelAudit.MultiFaceScore, double.IsNaN(own) ? null : own, null,
                    ownExamples.Select(n => _itemOfNode[n]).ToArray(), [], reason));
            }
        }
    }

    /// <summary>Mean distance from a node to its nearest (up to 3) nodes of a group, itself excluded, and those nodes nearest first.</summary>
    private (double Mean, int[] Nodes) NearestOf(int node, IReadOnlyList<int> group)
    {
        ReadOnlySpan<float> query = _rows.AsSpan(node * Dimension, Dimension);
        var candidates = new List<(float D, int Node)>(group.Count);
        foreach (int other in group)
        {
            if (other != node)
            {
                candidates.Add((TensorPrimitives.Distance(query, _rows.AsSpan(other * Dimension, Dimension)), other));
            }
        }

        if (candidates.Count == 0)
        {
            return (double.NaN, []);
        }

        candidates.Sort();
        int k = Math.Min(Nearest, candidates.Count);
        double sum = 0;
        for (int i = 0; i < k; i++)
        {
            sum += candidates[i].D;
        }

        return (sum / k, candidates.Take(k).Select(c => c.Node).ToArray());
    }

    /// <summary>Mean distance over all pairs of two groups.</summary>
    private double MeanDistance(int[] a, int[] b)
    {
        double sum = 0;
        foreach (int u in a)
        {
            foreach (int v in b)
            {
                sum += Distance(u, v);
            }
        }

        return sum / ((double)a.Length * b.Length);
    }

    private void Add(
        int node, AuditFindingKind kind, int matchLabel, double score, double? own, double? matchDistance, int[] ownExamples,
        int[] matchExamples, string reason)
    {
        int item = _itemOfNode[node];
        string? matches = matchLabel >= 0 ? _labelNames[matchLabel] : null;
        if (matches is not null)
        {
            _named.Add((item, matches));
            if (kind == AuditFindingKind.Mislabel)
            {
                _mislabels.Add((item, matches));
            }
        }

        _findings.Add(new AuditFinding(
            item, _items[item], kind, matches, score, own, matchDistance,
            ownExamples.Select(n => _itemOfNode[n]).ToArray(), matchExamples.Select(n => _itemOfNode[n]).ToArray(), reason));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
