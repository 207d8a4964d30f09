using FaceMetric.People.Search;
using FaceMetric.People.State;
using FaceMetric.People.Storage;

namespace FaceMetric.People.Assignment;

/// <summary>
/// Places one new face, DBSCAN-style (the core rule), never by a centroid:
/// <list type="number">
/// <item>Its neighbours are the faces of <em>other</em> photos strictly within the threshold (at most
/// <see cref="PeopleLibraryOptions.MaxNeighbors"/>, nearest first).</item>
/// <item>With fewer than <see cref="PeopleLibraryOptions.MinFaces"/> neighbours it is not a core face: it stays
/// unassigned (it may be pulled in later by a core face, or count towards one).</item>
/// <item>Otherwise the people of its assigned neighbours vote, one vote per neighbour; a person already holding a
/// face of the same photo cannot receive it (cannot-link). The most votes win, then the nearest neighbour, then the
/// smaller id.</item>
/// <item>When no person can receive it, it forms a new person with its unassigned neighbours, if at least
/// <see cref="PeopleLibraryOptions.MinFaces"/> of them (one per photo) can join; else it stays unassigned.</item>
/// <item>A core face that was placed pulls its unassigned neighbours (DBSCAN's border points) into its person,
/// nearest first, skipping any marked "not" that person or whose photo already has a face in it.</item>
/// </list>
/// Faces already in a person are never moved by an addition, so corrections cannot be undone by one.
/// </summary>
internal static class IncrementalAssigner
{
    /// <summary>Places <paramref name="face"/> (already inserted and indexed) through <paramref name="writer"/>.</summary>
    public static void Place(LibraryWriter writer, PeopleLibraryOptions options, FaceRecord face)
    {
        LibraryState state = writer.State;
        PhotoRecord photo = face.Photo;
        IReadOnlyList<IndexNeighbor> found = state.Index.Within(
            state.Index.Descriptor(face.Row), options.Threshold, options.MaxNeighbors + photo.Faces.Count);
        var neighbors = new List<FaceRecord>(found.Count);
        foreach (IndexNeighbor n in found)
        {
            FaceRecord other = state.Faces[n.Row];
            if (other.Photo != photo && neighbors.Count < options.MaxNeighbors)
            {
                neighbors.Add(other);
            }
        }

        if (neighbors.Count < options.MinFaces)
        {
            return;
        }

        long? target = Vote(neighbors, face);
        if (target is null)
        {
            int joinable = 0;
            var photos = new HashSet<PhotoRecord>();
            foreach (FaceRecord n in neighbors)
            {
                if (n.PersonId is null && photos.Add(n.Photo))
                {
                    joinable++;
                }
            }

            if (joinable < options.MinFaces)
            {
                return;
            }

            target = writer.CreatePerson().Id;
        }

        long person = target.Value;
        writer.Assign(face, person, pinned: false);
        foreach (FaceRecord n in neighbors)
        {
            if (n.PersonId is null && !n.IsNot(person) && !n.Photo.HasPerson(person))
            {
                writer.Assign(n, person, pinned: false);
            }
        }
    }

    private static long? Vote(List<FaceRecord> neighbors, FaceRecord face)
    {
        // neighbours arrive nearest first: the first vote a person gets is its nearest face.
        var votes = new Dictionary<long, (int Votes, int FirstRank)>();
        for (int rank = 0; rank < neighbors.Count; rank++)
        {
            if (neighbors[rank].PersonId is not long person || face.IsNot(person) || face.Photo.HasPerson(person, except: face))
            {
                continue;
            }

            votes[person] = votes.TryGetValue(person, out var v) ? (v.Votes + 1, v.FirstRank) : (1, rank);
        }

        long? best = null;
        (int Votes, int FirstRank) bestScore = (0, int.MaxValue);
        foreach ((long person, (int Votes, int FirstRank) score) in votes)
        {
            bool better = score.Votes > bestScore.Votes
                || (score.Votes == bestScore.Votes && (score.FirstRank < bestScore.FirstRank || (score.FirstRank == bestScore.FirstRank && person < best)));
            if (better)
            {
                best = person;
                bestScore = score;
            }
        }

        return best;
    }
}
