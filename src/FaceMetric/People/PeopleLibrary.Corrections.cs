using System.Globalization;

namespace FaceMetric.People;

/// <content>Corrections (each one transaction, appended to the corrections log) and the full re-cluster.</content>
public sealed partial class PeopleLibrary
{
    /// <summary>Names (or renames, or with null unnames) a person, and confirms their current faces: a re-cluster keeps them.</summary>
    /// <param name="personId">The person.</param>
    /// <param name="name">The name, or null.</param>
    /// <exception cref="ArgumentException">No person has this id.</exception>
    public void Name(long personId, string? name) => Correct(s =>
    {
        PersonRecord person = RequirePerson(s, personId);
        return w =>
        {
            w.Rename(person, name);
            Pin(w, person);
            w.Log(CorrectionKind.Name, personId, detail: name);
        };
    });

    /// <summary>
    /// Merges <paramref name="otherPersonId"/> into <paramref name="personId"/>: every face of the other joins the
    /// first, confirmed; the other id disappears. The kept name is the first person's, else the other's.
    /// </summary>
    /// <param name="personId">The person who stays.</param>
    /// <param name="otherPersonId">The person merged in.</param>
    /// <exception cref="ArgumentException">An id is unknown, or both are the same.</exception>
    /// <exception cref="PeopleCorrectionException">The two have faces in one photo, or a face was marked "not" the first.</exception>
    public void Merge(long personId, long otherPersonId) => Correct(s =>
    {
        PersonRecord keep = RequirePerson(s, personId);
        PersonRecord other = RequirePerson(s, otherPersonId);
        if (personId == otherPersonId)
        {
            throw new ArgumentException("A person cannot be merged with itself.", nameof(otherPersonId));
        }

        foreach (int row in other.FaceRows)
        {
            FaceRecord face = s.Faces[row];
            if (face.Photo.HasPerson(personId))
            {
                throw new PeopleCorrectionException(Invariant($"Cannot merge person {otherPersonId} into {personId}: both are in photo {face.Photo.Id} ({face.Photo.SourcePath}), and two faces of one photo are never one person."));
            }

            if (face.IsNot(personId))
            {
                throw new PeopleCorrectionException(Invariant($"Cannot merge person {otherPersonId} into {personId}: face {face.Id} was marked as not person {personId} (move it first)."));
            }
        }

        return w =>
        {
            foreach (int row in other.FaceRows.ToList())
            {
                w.Assign(s.Faces[row], personId, pinned: true);
            }

            Pin(w, keep);
            if (keep.Name is null && other.Name is not null)
            {
                w.Rename(keep, other.Name);
            }

            w.DeleteEmptyPeople();
            w.Log(CorrectionKind.Merge, personId, otherPersonId);
        };
    });

    /// <summary>
    /// Proposes how to split a person: Chinese Whispers over their faces at a stricter threshold (by default the
    /// first of 0.55, 0.5, 0.45, 0.4 that gives two parts or more). Changes nothing; apply a part with <see cref="SplitOff"/>.
    /// </summary>
    /// <param name="personId">The person.</param>
    /// <param name="threshold">The sub-clustering threshold, or null to search as above.</param>
    /// <returns>The parts, largest first (a single part when the faces do not separate).</returns>
    /// <exception cref="ArgumentException">No person has this id.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not finite and positive.</exception>
    public IReadOnlyList<IReadOnlyList<LibraryFace>> ProposeSplit(long personId, float? threshold = null)
    {
        if (threshold is float t)
        {
            Matching.FaceMatcher.ValidateThreshold(t, nameof(threshold));
        }

        return Read(s =>
        {
            List<FaceRecord> faces = RequirePerson(s, personId).FaceRows.Select(r => s.Faces[r]).ToList();
            List<List<int>> parts = [];
            foreach (float candidate in threshold is float given ? [given] : new[] { 0.55f, 0.5f, 0.45f, 0.4f })
            {
                parts = GraphClustering.Cluster(s, faces, candidate, Options.Iterations).Clusters;
                if (parts.Count > 1)
                {
                    break;
                }
            }

            return (IReadOnlyList<IReadOnlyList<LibraryFace>>)parts.OrderByDescending(p => p.Count).ThenBy(p => p[0])
                .Select(p => (IReadOnlyList<LibraryFace>)p.Select(i => Snapshot(faces[i])).ToList()).ToList();
        });
    }

    /// <summary>Splits some faces off a person into a new person; both sides are confirmed, so a re-cluster keeps them apart.</summary>
    /// <param name="personId">The person.</param>
    /// <param name="faceIds">Faces of that person to split off: at least one, not all.</param>
    /// <returns>The new person's id.</returns>
    /// <exception cref="ArgumentException">An id is unknown, a face is not the person's, or the set is empty or all their faces.</exception>
    public long SplitOff(long personId, IReadOnlyCollection<long> faceIds)
    {
        ArgumentNullException.ThrowIfNull(faceIds);
        long created = 0;
        Correct(s =>
        {
            PersonRecord person = RequirePerson(s, personId);
            var moving = faceIds.Distinct().Select(id => RequireFace(s, id)).ToList();
            if (moving.Count == 0 || moving.Count >= person.FaceRows.Count)
            {
                throw new ArgumentException("Split off at least one face and fewer than all of the person's faces.", nameof(faceIds));
            }

            if (moving.FirstOrDefault(f => f.PersonId != personId) is FaceRecord stray)
            {
                throw new ArgumentException(Invariant($"Face {stray.Id} is not in person {personId}."), nameof(faceIds));
            }

            return w =>
            {
                PersonRecord part = w.CreatePerson();
                created = part.Id;
                foreach (FaceRecord face in moving)
                {
                    w.Assign(face, part.Id, pinned: true);
                }

                Pin(w, person);
                w.Log(CorrectionKind.Split, personId, part.Id, detail: string.Join(',', moving.Select(f => f.Id.ToString(CultureInfo.InvariantCulture))));
            };
        });
        return created;
    }

    /// <summary>
    /// Moves one face to a person (or, with null, to a new person of its own), confirmed. An explicit move lifts a
    /// "not" mark the face had for that person.
    /// </summary>
    /// <param name="faceId">The face.</param>
    /// <param name="personId">The person it belongs to, or null for a new person.</param>
    /// <returns>The id of the person the face is now in.</returns>
    /// <exception cref="ArgumentException">An id is unknown.</exception>
    /// <exception cref="PeopleCorrectionException">The person already has another face of the same photo.</exception>
    public long Move(long faceId, long? personId)
    {
        long result = 0;
        Correct(s =>
        {
            FaceRecord face = RequireFace(s, faceId);
            if (personId is long p)
            {
                RequirePerson(s, p);
                if (face.Photo.HasPerson(p, except: face))
                {
                    throw new PeopleCorrectionException(Invariant($"Cannot move face {faceId} to person {p}: the person already has a face in photo {face.Photo.Id} ({face.Photo.SourcePath})."));
                }
            }

            return w =>
            {
                long? from = face.PersonId;
                long to = personId ?? w.CreatePerson().Id;
                w.RemoveNot(face, to);
                w.Assign(face, to, pinned: true);
                w.DeleteEmptyPeople();
                w.Log(CorrectionKind.Move, to, from, faceId);
                result = to;
            };
        });
        return result;
    }

    /// <summary>
    /// Marks a face as not a person (a cannot-link): if it is in that person it leaves, unassigned; no later
    /// addition or re-cluster puts it back there (only an explicit <see cref="Move"/> can).
    /// </summary>
    /// <param name="faceId">The face.</param>
    /// <param name="personId">The person it is not.</param>
    /// <exception cref="ArgumentException">An id is unknown.</exception>
    public void MarkNot(long faceId, long personId) => Correct(s =>
    {
        FaceRecord face = RequireFace(s, faceId);
        RequirePerson(s, personId);
        return w =>
        {
            w.AddNot(face, personId);
            if (face.PersonId == personId)
            {
                w.Assign(face, null, pinned: false);
            }

            w.DeleteEmptyPeople();
            w.Log(CorrectionKind.Not, personId, faceId: faceId);
        };
    });

    /// <summary>
    /// Re-clusters every face with Chinese Whispers (no edge inside a photo), keeping every correction: confirmed
    /// faces stay, named people keep their names, "not" marks and one-face-per-photo hold. Unconfirmed faces may move.
    /// </summary>
    /// <returns>How many faces changed person.</returns>
    public int Recluster()
    {
        lock (_sync)
        {
            ThrowIfDisposed();
            return Write(w =>
            {
                int changed = ReclusterPlanner.Run(w, Options);
                w.Log(CorrectionKind.Recluster, detail: changed.ToString(CultureInfo.InvariantCulture));
                return changed;
            });
        }
    }

    private static void Pin(LibraryWriter writer, PersonRecord person)
    {
        foreach (int row in person.FaceRows.ToList())
        {
            writer.Assign(writer.State.Faces[row], person.Id, pinned: true);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Validates against the current state (throwing before anything is written), then applies in one transaction.</summary>
    private void Correct(Func<LibraryState, Action<LibraryWriter>> validate)
    {
        lock (_sync)
        {
            ThrowIfDisposed();
            Action<LibraryWriter> apply = validate(_state);
            Write(w =>
            {
                apply(w);
                return 0;
            });
        }
    }
}
