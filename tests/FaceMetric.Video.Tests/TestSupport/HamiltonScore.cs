namespace FaceMetric.Video.Tests.TestSupport;

/// <summary>A run on the Hamilton clip scored against the ground truth.</summary>
internal sealed record HamiltonScore(
    int SampledFrames, int LinTruthFrames, int LinLabelledFrames, int LinCorrectFrames, int AlexNamedInShot1, int AlexTruthFramesShot1,
    int WrongNames, int People, int Anonymous, int TruthIdentitiesSeen, int PeopleSpanningTwoIdentities, int ObamaNamed, string Spans)
{
    public double LinPrecision => LinLabelledFrames == 0 ? 0 : (double)LinCorrectFrames / LinLabelledFrames;

    public double LinRecall => LinTruthFrames == 0 ? 0 : (double)LinCorrectFrames / LinTruthFrames;

    public static HamiltonScore Of(VideoPeopleResult result, GroundTruth truth)
    {
        Dictionary<string, string?> names = result.People.ToDictionary(p => p.Id, p => p.Name);
        var sampled = result.Detections.Select(d => d.Frame).ToHashSet();
        var frames = Enumerable.Range(0, (int)result.DecodedFrames).Where(f => result.Sampling.FrameStep > 0 ? f % result.Sampling.FrameStep == 0 : sampled.Contains(f)).ToList();
        int linTruth = frames.Count(f => truth.Visible(f, "lin-manuel-miranda", "frontal"));
        var linLabelled = result.Detections.Where(d => names[d.PersonId] == "lin-manuel-miranda").ToList();
        int linLabelledFrames = linLabelled.Select(d => d.Frame).Distinct().Count();
        int linCorrect = linLabelled.Where(d => truth.IdentityOf(d.Frame, d.Box) == "lin-manuel-miranda" && truth.Visible(d.Frame, "lin-manuel-miranda", "frontal")).Select(d => d.Frame).Distinct().Count();
        int alexShot1 = result.Detections.Where(d => d.Frame <= 19 && names[d.PersonId] == "alex-lacamoire" && truth.IdentityOf(d.Frame, d.Box) == "alex-lacamoire").Select(d => d.Frame).Distinct().Count();
        int alexTruth1 = frames.Count(f => f <= 19);
        int wrongNames = result.Detections.Count(d => names[d.PersonId] is string n && truth.IdentityOf(d.Frame, d.Box) is string t && GroundTruth.Identifiable(t) && NameOf(t) != n);
        int obama = result.Detections.Count(d => names[d.PersonId] == "obama" && truth.IdentityOf(d.Frame, d.Box) == "barack-obama");
        var identitiesPerPerson = result.Detections
            .GroupBy(d => d.PersonId)
            .ToDictionary(g => g.Key, g => g.Select(d => truth.IdentityOf(d.Frame, d.Box)).Where(GroundTruth.Identifiable).Distinct().ToList());
        int spanning = identitiesPerPerson.Count(kv => kv.Value.Count > 1);
        string spans = string.Join("; ", identitiesPerPerson.Select(kv => $"{kv.Key}({names[kv.Key] ?? "anon"}): {string.Join("+", kv.Value)}"));
        int truthSeen = result.Detections.Select(d => truth.IdentityOf(d.Frame, d.Box)).Where(GroundTruth.Identifiable).Distinct().Count();
        return new HamiltonScore(frames.Count, linTruth, linLabelledFrames, linCorrect, alexShot1, alexTruth1, wrongNames, result.People.Count, result.People.Count(p => !p.IsKnown), truthSeen, spanning, obama, spans);
    }

    /// <summary>The known-photo name (file stem) of a truth identity.</summary>
    private static string NameOf(string identity) => identity == "barack-obama" ? "obama" : identity;
}
