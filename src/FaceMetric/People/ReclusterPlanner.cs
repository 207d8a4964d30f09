using FaceMetric.Clustering;

namespace FaceMetric.People;

/// <summary>
/// A full re-cluster that keeps every correction: Chinese Whispers over all faces (no edge inside one photo), then
/// <list type="number">
/// <item>pinned faces (placed by a correction) stay where they are, so every merge, split, move and named person
/// survives with its faces and its name;</item>
/// <item>a cluster holding pinned faces gives its other faces to the person most of those pins belong to;</item>
/// <item>a cluster without pins and with two faces or more keeps the id of the old person it overlaps most (each old
/// id claimed once, largest overlaps first), else becomes a new person; single faces are left unassigned;</item>
/// <item>then the cannot-links: a face marked "not" its new person is left unassigned, and where a person would hold two
/// faces of one photo only the pinned one, else the one with most edges into the person, stays.</item>
/// </list>
/// </summary>
internal static class ReclusterPlanner
{
    /// <summary>Re-clusters through <paramref name="writer"/>; returns how many faces changed person.</summary>
    public static int Run(LibraryWriter writer, PeopleLibraryOptions options)
    {
        LibraryState state = writer.State;
        List<FaceRecord> faces = state.Faces;
        (List<List<int>> clusters, List<WeightedEdge> edges) = GraphClustering.Cluster(state, faces, options.Threshold, options.Iterations);

        long?[] target = new long?[faces.Count];
        var unpinnedClusters = new List<int>();
        for (int c = 0; c < clusters.Count; c++)
        {
            var pins = new Dictionary<long, int>();
            foreach (int row in clusters[c])
            {
                if (faces[row].Pinned && faces[row].PersonId is long p)
                {
                    pins[p] = pins.GetValueOrDefault(p) + 1;
                }
            }

            if (pins.Count > 0)
            {
                long winner = pins.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
                foreach (int row in clusters[c])
                {
                    target[row] = winner;
                }
            }
            else if (clusters[c].Count >= 2)
            {
                unpinnedClusters.Add(c);
            }
        }

        // Old ids for clusters without pins: largest overlaps first, each old id once.
        var overlaps = new List<(int Cluster, long Person, int Overlap)>();
        foreach (int c in unpinnedClusters)
        {
            foreach (var group in clusters[c].Where(r => faces[r].PersonId is not null).GroupBy(r => faces[r].PersonId!.Value))
            {
                overlaps.Add((c, group.Key, group.Count()));
            }
        }

        var claimed = new HashSet<long>();
        var named = new Dictionary<int, long>();
        foreach (var (c, person, _) in overlaps.OrderByDescending(o => o.Overlap).ThenBy(o => o.Person).ThenBy(o => o.Cluster))
        {
            if (!named.ContainsKey(c) && claimed.Add(person))
            {
                named[c] = person;
            }
        }

        foreach (int c in unpinnedClusters)
        {
            long person = named.TryGetValue(c, out long old) ? old : writer.CreatePerson().Id;
            foreach (int row in clusters[c])
            {
                target[row] = person;
            }
        }

        // Pinned faces never move.
        for (int row = 0; row < faces.Count; row++)
        {
            if (faces[row].Pinned)
            {
                target[row] = faces[row].PersonId;
            }
            else if (target[row] is long t && faces[row].IsNot(t))
            {
                target[row] = null;
            }
        }

        ResolveSamePhoto(faces, target, edges);

        int changed = 0;
        for (int row = 0; row < faces.Count; row++)
        {
            if (faces[row].PersonId != target[row])
            {
                changed++;
                writer.Assign(faces[row], target[row], faces[row].Pinned);
            }
        }

        writer.DeleteEmptyPeople();
        return changed;
    }

    /// <summary>Leaves one face per (person, photo): the pinned one, else the one with most edges into the person.</summary>
    private static void ResolveSamePhoto(List<FaceRecord> faces, long?[] target, List<WeightedEdge> edges)
    {
        int[] degree = new int[faces.Count];
        foreach (WeightedEdge e in edges)
        {
            if (e.Index1 != e.Index2 && target[e.Index1] is long a && a == target[e.Index2])
            {
                degree[e.Index1]++;
                degree[e.Index2]++;
            }
        }

        var seen = new HashSet<long>();
        foreach (PhotoRecord photo in faces.Select(f => f.Photo).Distinct())
        {
            if (photo.Faces.Count < 2)
            {
                continue;
            }

            seen.Clear();
            IEnumerable<FaceRecord> order = photo.Faces
                .OrderByDescending(f => f.Pinned)
                .ThenByDescending(f => degree[f.Row])
                .ThenBy(f => f.Id);
            foreach (FaceRecord face in order)
            {
                if (target[face.Row] is long t && !seen.Add(t))
                {
                    target[face.Row] = null;
                }
            }
        }
    }
}
