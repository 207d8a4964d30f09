using FaceMetric.Embedding;
using FaceMetric.Evaluation;
using FaceMetric.Identification;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Evaluation;

/// <summary>The label audit on dlib's own descriptors of real faces: dlib's johns (5 people x 11) and bald_guys (4 x 6).</summary>
public sealed class LabelAuditTests
{
    /// <summary>dlib's 55 johns descriptors, labelled by their folder (the person's name).</summary>
    private static List<(string Label, string Id, FaceDescriptor Descriptor)> Johns() =>
        ReferenceDescriptors.Load(TestFiles.Reference.JohnsEmbedJson)
            .Select(r => (Path.GetFileName(Path.GetDirectoryName(r.Chip)!), r.Chip, new FaceDescriptor(r.Descriptor)))
            .ToList();

    /// <summary>dlib's 24 bald_guys descriptors, labelled by the reference's truth identity.</summary>
    private static List<(string Label, string Id, FaceDescriptor Descriptor)> BaldGuys()
    {
        var (names, descriptors) = ReferenceData.ReadDescriptors("bald24_t06");
        using var labels = ReferenceData.ReadLabels("bald24_t06");
        int[] truth = labels.RootElement.GetProperty("truth_identity").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(names.Count, truth.Length);
        return names.Select((n, i) => ($"person{truth[i]}", n, descriptors[i])).ToList();
    }

    private static List<(string Label, string Id, FaceDescriptor Descriptor)> Dataset(string name) =>
        name == "johns" ? Johns() : BaldGuys();

    private static AuditItem[] Items(IEnumerable<(string Label, string Id, FaceDescriptor Descriptor)> faces) =>
        faces.Select(f => new AuditItem(f.Label, f.Id, f.Descriptor)).ToArray();

    /// <summary>
    /// Re-files five faces: the first face of each identity (in file order) and the second face of the first identity,
    /// each under the next identity in order of first appearance. Returns the moved ids with their true labels.
    /// </summary>
    private static Dictionary<string, string> SwapFive(List<(string Label, string Id, FaceDescriptor Descriptor)> faces)
    {
        string[] identities = faces.Select(f => f.Label).Distinct().ToArray();
        var chosen = identities.Select(l => faces.FindIndex(f => f.Label == l)).Take(5).ToList();
        if (chosen.Count < 5)
        {
            chosen.Add(faces.FindIndex(chosen[0] + 1, f => f.Label == identities[0]));
        }

        var moved = new Dictionary<string, string>();
        foreach (int i in chosen)
        {
            var (label, id, descriptor) = faces[i];
            string next = identities[(Array.IndexOf(identities, label) + 1) % identities.Length];
            faces[i] = (next, id, descriptor);
            moved.Add(id, label);
        }

        Assert.Equal(5, moved.Count);
        return moved;
    }

    [Theory]
    [InlineData("johns")]
    [InlineData("bald_guys")]
    public void CorrectlyLabelledFacesGiveNoFindings(string dataset)
    {
        var faces = Dataset(dataset);
        LabelAuditReport report = LabelAudit.Audit(Items(faces));
        Assert.Empty(report.Findings);
        Assert.Equal(faces.Count, report.FaceCount);
        Assert.Equal(faces.Select(f => f.Label).Distinct().Count(), report.IdentityCount);
    }

    [Theory]
    [InlineData("johns")]
    [InlineData("bald_guys")]
    public void FiveSwappedLabelsAreFoundAsMislabelsNamingTheTrueIdentity(string dataset)
    {
        var faces = Dataset(dataset);
        Dictionary<string, string> moved = SwapFive(faces);
        LabelAuditReport report = LabelAudit.Audit(Items(faces));

        // Exactly the five moved faces are flagged, each once, each naming the identity it came from.
        Assert.Equal(moved.Keys.Order(), report.Findings.Select(f => f.Id).Order());
        foreach (AuditFinding finding in report.Findings)
        {
            Assert.Equal(AuditFindingKind.Mislabel, finding.Kind);
            Assert.Equal(moved[finding.Id], finding.Matches);
            Assert.NotEqual(finding.Label, finding.Matches);
            Assert.True(finding.MatchDistance < 0.6, finding.Reason);
            Assert.True(finding.OwnDistance > finding.MatchDistance, finding.Reason);
            Assert.Equal(finding.OwnDistance!.Value - finding.MatchDistance!.Value, finding.Score, 9);
            Assert.All(finding.MatchExamples, i => Assert.Equal(finding.Matches, report.Items[i].Label));
            Assert.All(finding.OwnExamples, i => Assert.Equal(finding.Label, report.Items[i].Label));
            Assert.All(finding.OwnExamples.Concat(finding.MatchExamples), i => Assert.False(moved.ContainsKey(report.Items[i].Id)));
        }

        Assert.Equal(report.Findings.OrderByDescending(f => f.Score).Select(f => f.Id), report.Findings.Select(f => f.Id));
    }

    [Fact]
    public void AGalleryIsAuditedBeforeItIsSaved()
    {
        var faces = Johns();
        Dictionary<string, string> moved = SwapFive(faces);
        using var gallery = new FaceGallery();
        foreach (var (label, _, descriptor) in faces)
        {
            gallery.Enroll(label, descriptor);
        }

        LabelAuditReport report = LabelAudit.Audit(gallery);
        Assert.Equal(55, report.Items.Count);
        Assert.Equal(5, report.Findings.Count);

        // Gallery items are "label#k" in enrolment order; map them back to the moved faces.
        var counters = new Dictionary<string, int>();
        var galleryIds = faces.Select(f => $"{f.Label}#{counters[f.Label] = counters.GetValueOrDefault(f.Label) + 1}").ToArray();
        var expected = faces.Select((f, i) => (f.Id, GalleryId: galleryIds[i])).Where(p => moved.ContainsKey(p.Id))
            .ToDictionary(p => p.GalleryId, p => moved[p.Id]);
        Assert.All(report.Findings, f => Assert.Equal(expected[f.Id], f.Matches));
        Assert.Equal(55, gallery.Count);
    }

    [Fact]
    public void OneIdentityFiledUnderTwoNamesIsAMerge()
    {
        // John_Simm's last five faces are filed as "J_Simm": the smaller group is flagged, naming the larger.
        var faces = Johns();
        var simm = faces.Select((f, i) => (f, i)).Where(p => p.f.Label == "John_Simm").Select(p => p.i).ToArray();
        var renamed = simm.Skip(6).ToHashSet();
        foreach (int i in renamed)
        {
            faces[i] = ("J_Simm", faces[i].Id, faces[i].Descriptor);
        }

        LabelAuditReport report = LabelAudit.Audit(Items(faces));
        var identityMerges = report.Findings.Where(f => f.Label == "J_Simm").ToList();
        Assert.Equal(renamed.Select(i => faces[i].Id).Order(), identityMerges.Select(f => f.Id).Order());
        Assert.All(identityMerges, f =>
        {
            Assert.Equal(AuditFindingKind.Merge, f.Kind);
            Assert.Equal("John_Simm", f.Matches);
            Assert.Equal(0.6 - f.MatchDistance!.Value, f.Score, 6);
        });

        // Two of John_Simm's photos (000297 and 000310_00470511) are only 0.17 apart, under the near-duplicate
        // distance: that pair is also reported, from the John_Simm side, naming J_Simm. Nothing else is.
        var others = report.Findings.Where(f => f.Label != "J_Simm").ToList();
        Assert.All(others, f =>
        {
            Assert.Equal(AuditFindingKind.Merge, f.Kind);
            Assert.Equal("John_Simm", f.Label);
            Assert.Equal("J_Simm", f.Matches);
            Assert.True(f.MatchDistance < 0.2);
            Assert.Contains(f.MatchExamples, i => renamed.Contains(i));
        });
        Assert.Single(others);
    }

    [Fact]
    public void TwoPeopleUnderOneNameIsASplit()
    {
        // All of John_Salley plus five of John_Savage's faces filed as John_Salley; the rest of John_Savage left out.
        var faces = Johns();
        var savage = faces.Where(f => f.Label == "John_Savage").ToList();
        faces.RemoveAll(f => f.Label == "John_Savage");
        var intruders = savage.Take(5).Select(f => ("John_Salley", f.Id, f.Descriptor)).ToList();
        faces.AddRange(intruders);

        LabelAuditReport report = LabelAudit.Audit(Items(faces));
        Assert.Equal(intruders.Select(f => f.Id).Order(), report.Findings.Select(f => f.Id).Order());
        Assert.All(report.Findings, f =>
        {
            Assert.Equal(AuditFindingKind.Split, f.Kind);
            Assert.Null(f.Matches);
            Assert.True(f.OwnDistance > 0.6);
            Assert.Equal(f.OwnDistance!.Value - 0.6, f.Score, 5);
        });
    }

    [Fact]
    public void TheSamePhotoFiledUnderASecondNameIsFoundWithItsTwin()
    {
        var faces = Johns();
        var original = faces[3];
        string copyId = original.Id + " (copy)";
        faces.Add(("John_Shimkus", copyId, original.Descriptor));
        LabelAuditReport report = LabelAudit.Audit(Items(faces));

        // The copy sits outside John_Shimkus and on top of John_Salley (its twin at distance 0 first among the
        // examples); that explains the pair, so the twin itself is not flagged.
        AuditFinding finding = Assert.Single(report.Findings);
        Assert.Equal(copyId, finding.Id);
        Assert.Equal(AuditFindingKind.Mislabel, finding.Kind);
        Assert.Equal("John_Salley", finding.Matches);
        Assert.Equal(3, finding.MatchExamples[0]);
        Assert.True(finding.Score > 0.6, finding.Reason);
    }

    [Fact]
    public void NearDuplicatesAcrossNamesAreMergesFromBothSides()
    {
        // Two one-face identities holding the same photo: no cluster evidence, only the near-duplicate rule.
        var faces = Johns();
        var photo = faces[0];
        var items = new[] { new AuditItem("Salley", "a.png", photo.Descriptor), new AuditItem("Salley_J", "b.png", photo.Descriptor) };
        LabelAuditReport report = LabelAudit.Audit(items);
        Assert.Equal(["a.png", "b.png"], report.Findings.Select(f => f.Id).Order());
        Assert.All(report.Findings, f =>
        {
            Assert.Equal(AuditFindingKind.Merge, f.Kind);
            Assert.Equal(f.Label == "Salley" ? "Salley_J" : "Salley", f.Matches);
            Assert.Equal(0.6, f.Score, 6);
            Assert.Null(f.OwnDistance);
        });

        // Under the near-duplicate distance set to 0 (check off) the two one-face identities say nothing.
        Assert.Empty(LabelAudit.Audit(items, new LabelAuditOptions { NearDuplicateDistance = 0 }).Findings);
    }

    [Fact]
    public void ImagesWithoutAFaceOrWithSeveralAreReported()
    {
        var faces = Johns();
        var items = Items(faces).ToList();
        items.Add(new AuditItem("John_Simm", "empty.png", []));

        // A photo filed as John_Simm holding a John_Simm face (first) and a John_Salley face.
        var simm = faces.First(f => f.Label == "John_Simm");
        var salley = faces.First(f => f.Label == "John_Salley");
        items.Add(new AuditItem("John_Simm", "group.png", [simm.Descriptor, salley.Descriptor]));

        LabelAuditReport report = LabelAudit.Audit(items);
        AuditFinding noFace = Assert.Single(report.Findings, f => f.Kind == AuditFindingKind.NoFace);
        Assert.Equal("empty.png", noFace.Id);
        Assert.Equal(LabelAudit.NoFaceScore, noFace.Score);
        Assert.Equal(3, noFace.OwnExamples.Count);
        Assert.All(noFace.OwnExamples, i => Assert.Equal("John_Simm", items[i].Label));

        AuditFinding multi = Assert.Single(report.Findings, f => f.Kind == AuditFindingKind.MultiFace);
        Assert.Equal("group.png", multi.Id);
        Assert.Equal(LabelAudit.MultiFaceScore, multi.Score);

        // The first face is the labelled one: it is John_Simm's, so nothing else is said about the group photo, but
        // it duplicates the John_Simm face it was taken from (same label: not a finding).
        Assert.Equal(2, report.Findings.Count);
        Assert.Equal(56, report.FaceCount);
    }

    [Fact]
    public void TheAuditIsDeterministicAndValidatesItsInput()
    {
        var faces = Johns();
        SwapFive(faces);
        AuditItem[] items = Items(faces);
        var first = LabelAudit.Audit(items);
        var second = LabelAudit.Audit(items.Reverse().Reverse().ToArray());
        Assert.Equal(first.Findings.Select(f => (f.Id, f.Kind, f.Matches, f.Score)), second.Findings.Select(f => (f.Id, f.Kind, f.Matches, f.Score)));

        Assert.Empty(LabelAudit.Audit([]).Findings);
        Assert.Throws<ArgumentNullException>(() => LabelAudit.Audit((IReadOnlyList<AuditItem>)null!));
        Assert.Throws<ArgumentNullException>(() => LabelAudit.Audit([items[0], null!]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelAudit.Audit(items, new LabelAuditOptions { Threshold = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelAudit.Audit(items, new LabelAuditOptions { NearDuplicateDistance = 0.6f }));
        Assert.Throws<ArgumentException>(() => new AuditItem("", "x", []));
        Assert.Throws<ArgumentException>(() => new AuditItem("a", "", []));
        Assert.Throws<ArgumentNullException>(() => new AuditItem("a", "x", [null!]));
    }

    [Fact]
    public void OnLfwViewOneTheFindingsAreFewSortedAndConsistent()
    {
        // 4,992 faces of 3,095 people (dlib's own pipeline): a real dataset with a handful of known label errors.
        var rows = ReferenceData.ReadLfwView1();
        var items = rows.Select(r => new AuditItem(r.Person, r.Image, r.Descriptor)).ToArray();
        LabelAuditReport report = LabelAudit.Audit(items);

        Assert.Equal(4992, report.FaceCount);
        Assert.Equal(rows.Select(r => r.Person).Distinct().Count(), report.IdentityCount);
        Assert.InRange(report.Findings.Count, 1, 250);
        for (int i = 1; i < report.Findings.Count; i++)
        {
            Assert.True(report.Findings[i - 1].Score >= report.Findings[i].Score);
        }

        foreach (AuditFinding f in report.Findings)
        {
            Assert.Equal(items[f.ItemIndex].Id, f.Id);
            Assert.Equal(items[f.ItemIndex].Label, f.Label);
            Assert.True(f.Score >= 0 && double.IsFinite(f.Score));
            Assert.True(f.Kind is AuditFindingKind.Mislabel or AuditFindingKind.Merge == (f.Matches is not null), f.Reason);
            Assert.NotEqual(f.Label, f.Matches);
            Assert.All(f.OwnExamples, i => Assert.Equal(f.Label, items[i].Label));
            Assert.All(f.MatchExamples, i => Assert.Equal(f.Matches, items[i].Label));
            Assert.DoesNotContain(f.ItemIndex, f.OwnExamples);
        }
    }
}
