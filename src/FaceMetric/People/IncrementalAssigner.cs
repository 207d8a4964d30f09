
namespace FaceMetric.People;

/// <summary>
/// Places one new face by a DBSCAN-like core rule, counted per person and never by a centroid:
/// <list type="number">
/// <item>Its neighbours are the faces of <em>other</em> photos strictly within the threshold (at most
/// <see cref="PeopleLibraryOptions.MaxNeighbors"/>, nearest first).</item>
/// <item>It joins a person when at least <see cref="PeopleLibraryOptions.MinFaces"/> of its neighbours belong to that
/// person; a person already holding a face of the same photo, or one the face was marked "not", cannot receive it.
/// Among several, the most such neighbours win, then the nearest one, then the smaller id.
/// (2b) With fewer, it still joins when every neighbour is in that one person and the nearest is closer than
/// <see cref="SureDistance"/>.</item>
/// <item>Otherwise, when at least <see cref="PeopleLibraryOptions.MinFaces"/> of its neighbours are unassigned (counting
/// one per photo), it forms a new person together with them; two faces that are each other's only neighbour form a
/// person of two.</item>
/// <item>Otherwise it stays unassigned, and counts as a neighbour for the faces that come later.</item>
/// <item>Every face placed re-examines its unassigned neighbours by the same join rule (2), nearest first, and so on
/// from each face that joins: faces that came too early for a person are picked up once it is dense enough.</item>
/// </list>
/// One stray neighbour (a different person within the threshold, about one pair in a hundred on LFW) is never enough
/// to join, which is what keeps chains of look-alikes from growing into one person. Faces already in a person are never
/// moved by an addition, so an addition cannot undo a correction.
/// </summary>
internal static class IncrementalAssigner
{
    /// <summary>
    /// A single neighbour this close (face_recognition's strict threshold, where different people rarely fall) can
    /// place a face by itself when it is the only neighbour person around (rule 2b).
    /// </summary>
    internal const float SureDistance = 0.55f;

    /// <summary>Places <paramref name="face"/> (already inserted and indexed) through <paramref name="writer"/>.</summary>
    public static void Place(LibraryWriter writer, PeopleLibraryOptions options, FaceRecord face)
    {
        List<FaceRecord> neighbors = Neighbors(writer.State, options, face, out float nearest);
        long? target = Vote(neighbors, nearest, face, options.MinFaces);
        if (target is null)
        {
            var photos = new HashSet<PhotoRecord>();
            var group = neighbors.Where(n => n.PersonId is null && photos.Add(n.Photo)).ToList();
            // Two faces that are each other's only neighbour are a person of two.
            bool pair = neighbors.Count == 1 && group.Count == 1 && Neighbors(writer.State, options, group[0]).Count == 1;
            if (group.Count < options.MinFaces && !pair)
            {
                return;
            }

            long created = writer.CreatePerson().Id;
            writer.Assign(face, created, pinned: false);
            foreach (FaceRecord n in group)
            {
                writer.Assign(n, created, pinned: false);
            }

            Expand(writer, options, group, (face, neighbors));
            return;
        }

        writer.Assign(face, target.Value, pinned: false);
        Expand(writer, options, [], (face, neighbors));
    }

    /// <summary>
    /// Re-examines the unassigned neighbours of newly placed faces (breadth first) by the join rule: first those of
    /// <paramref name="first"/> (whose neighbours are already known: no second scan), then of <paramref name="placed"/>.
    /// </summary>
    private static void Expand(LibraryWriter writer, PeopleLibraryOptions options, IEnumerable<FaceRecord> placed, (FaceRecord Face, List<FaceRecord> Neighbors) first)
    {
        var queue = new Queue<FaceRecord>(placed);
        var examined = new HashSet<FaceRecord>();
        List<FaceRecord>? known = first.Neighbors;
        while (known is not null || queue.Count > 0)
        {
            List<FaceRecord> around = known ?? Neighbors(writer.State, options, queue.Dequeue());
            known = null;
            foreach (FaceRecord candidate in around)
            {
                if (candidate.PersonId is not null || !examined.Add(candidate))
                {
                    continue;
                }

                List<FaceRecord> theirs = Neighbors(writer.State, options, candidate, out float nearest);
                if (Vote(theirs, nearest, candidate, options.MinFaces) is long person)
                {
                    writer.Assign(candidate, person, pinned: false);
                    queue.Enqueue(candidate);
                }
            }
        }
    }

    private static List<FaceRecord> Neighbors(LibraryState state, PeopleLibraryOptions options, FaceRecord face) =>
        Neighbors(state, options, face, out _);

    private static List<FaceRecord> Neighbors(LibraryState state, PeopleLibraryOptions options, FaceRecord face, out float nearest)
    {
        nearest = float.PositiveInfinity;
        PhotoRecord photo = face.Photo;
        IReadOnlyList<IndexNeighbor> found = state.Index.Within(
            state.Index.Descriptor(face.Row), options.Threshold, options.MaxNeighbors + photo.Faces.Count);
        var neighbors = new List<FaceRecord>(found.Count);
        foreach (IndexNeighbor n in found)
        {
            FaceRecord other = state.Faces[n.Row];
            if (other.Photo != photo && neighbors.Count < options.MaxNeighbors)
            {
                nearest = Math.Min(nearest, n.Distance);
                neighbors.Add(other);
            }
        }

        return neighbors;
    }

    /// <summary>The person with at least <paramref name="minFaces"/> of the neighbours that can receive the face, or null.</summary>
    private static long? Vote(List<FaceRecord> neighbors, float nearest, FaceRecord face, int minFaces)
    {
        // Neighbours arrive nearest first: the first vote a person gets is its nearest face.
        var votes = new Dictionary<long, (int Votes, int FirstRank)>();
        for (int rank = 0; rank < neighbors.Count; rank++)
        {
            if (neighbors[rank].PersonId is not long person || face.IsNot(person) || face.Photo.HasPerson(person, except: face))
            {
                continue;
            }

            votes[person] = votes.TryGetValue(person, out var v) ? (v.Votes + 1, v.FirstRank) : (1, rank);
        }

        // A neighbourhood that is all one person, the nearest well inside the threshold, is enough on its own.
        if (votes.Count == 1 && votes.Values.First().Votes == neighbors.Count && nearest < SureDistance)
        {
            return votes.Keys.First();
        }

        long? best = null;
        (int Votes, int FirstRank) bestScore = (minFaces - 1, int.MaxValue);
        foreach ((long person, (int Votes, int FirstRank) score) in votes)
        {
            bool better = score.Votes > bestScore.Votes
                || (score.Votes == bestScore.Votes && best is not null && (score.FirstRank < bestScore.FirstRank || (score.FirstRank == bestScore.FirstRank && person < best)));
            if (better)
            {
                best = person;
                bestScore = score;
            }
        }

        return best;
    }
}
