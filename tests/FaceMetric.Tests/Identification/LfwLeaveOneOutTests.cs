using System.Globalization;
using FaceMetric.Embedding;
using FaceMetric.Identification;
using FaceMetric.Matching;
using FaceMetric.Tests.TestSupport;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Identification;

/// <summary>
/// Leave-one-out identification on LFW View 1 with dlib's own descriptors (reference/dlib/lfw_view1_descriptors.tsv.gz):
/// k-NN over every enrolled face versus one mean descriptor per person. People with one image serve as impostors.
/// </summary>
public sealed class LfwLeaveOneOutTests(ITestOutputHelper output)
{
    private const float Threshold = FaceMatcher.DefaultThreshold;

    [Fact]
    public void KnnIsNotWorseThanCentroids()
    {
        List<ReferenceData.LfwRow> all = ReferenceData.ReadLfwView1();
        var imagesPerPerson = all.GroupBy(r => r.Person).ToDictionary(g => g.Key, g => g.Count());
        List<ReferenceData.LfwRow> enrolled = all.Where(r => imagesPerPerson[r.Person] >= 2).ToList();
        List<ReferenceData.LfwRow> impostors = all.Where(r => imagesPerPerson[r.Person] == 1).ToList();
        string[] people = enrolled.Select(r => r.Person).Distinct().ToArray();
        output.WriteLine($"LFW View 1: {all.Count} images; {enrolled.Count} images of {people.Length} people with 2+ images; {impostors.Count} impostor images");

        using var gallery = new FaceGallery(Threshold);
        foreach (ReferenceData.LfwRow row in enrolled)
        {
            gallery.Enroll(row.Person, row.Descriptor);
        }

        var centroids = new Centroids(enrolled, people);
        Outcome centroid = centroids.LeaveOneOut(enrolled);
        Outcome centroidImpostors = centroids.Impostors(impostors);
        output.WriteLine($"centroid:  top-1 {centroid}; impostors accepted {centroidImpostors.AcceptedRate:P2}");

        var knnByK = new Dictionary<int, (Outcome Genuine, Outcome Impostors)>();
        foreach (int k in new[] { 1, 3, 5, FaceGallery.DefaultNeighbors, 15 }.Distinct())
        {
            var knn = new Outcome();
            for (int i = 0; i < enrolled.Count; i++)
            {
                // Row i of the gallery is enrolled[i]: leave exactly that face out.
                FaceIdentification id = gallery.Identify(enrolled[i].Descriptor.Values, k, excludedRow: i);
                knn.Add(id.Label, enrolled[i].Person);
            }

            var knnImpostors = new Outcome();
            foreach (ReferenceData.LfwRow row in impostors)
            {
                knnImpostors.Add(gallery.Identify(row.Descriptor, k).Label, row.Person);
            }

            knnByK[k] = (knn, knnImpostors);
            output.WriteLine($"k-NN k={k}: top-1 {knn}; impostors accepted {knnImpostors.AcceptedRate:P2}");
        }

        (int close, int separated) = centroids.CloseCentroidsOfSeparatedPeople(Threshold);
        output.WriteLine($"pairs of people with every cross distance >= {Threshold} whose centroids are closer than {Threshold}: {close} of {separated} ({(double)close / separated:P2})");

        foreach (int k in new[] { 1, FaceGallery.DefaultNeighbors })
        {
            (Outcome knn, Outcome knnImpostors) = knnByK[k];
            Assert.True(knn.Correct >= centroid.Correct, $"k={k}: k-NN {knn} vs centroid {centroid}");
            Assert.True(knn.Wrong <= centroid.Wrong, $"k={k}: k-NN {knn} vs centroid {centroid}");
            Assert.True(knnImpostors.AcceptedRate <= centroidImpostors.AcceptedRate, $"k={k}: impostors accepted {knnImpostors.AcceptedRate} vs {centroidImpostors.AcceptedRate}");
        }

        // The reason the gallery refuses to average: means of people who never come within the threshold of each
        // other do come within it.
        Assert.True(close > 0);
    }

    /// <summary>Tally of identification answers.</summary>
    private sealed class Outcome
    {
        public int Total { get; private set; }

        public int Correct { get; private set; }

        public int Unknown { get; private set; }

        public int Wrong => Total - Correct - Unknown;

        public double Accuracy => (double)Correct / Total;

        public double UnknownRate => (double)Unknown / Total;

        public double AcceptedRate => (double)(Total - Unknown) / Total;

        public void Add(string? answer, string truth)
        {
            Total++;
            if (answer is null)
            {
                Unknown++;
            }
            else if (answer == truth)
            {
                Correct++;
            }
        }

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture, $"{Accuracy:P2} correct, {UnknownRate:P2} unknown, {(double)Wrong / Total:P2} wrong ({Correct}/{Unknown}/{Wrong} of {Total})");
    }

    /// <summary>One mean descriptor per person; the probe's own person's mean leaves the probe out.</summary>
    private sealed class Centroids
    {
        private const int D = FaceDescriptor.Length;
        private readonly string[] _people;
        private readonly Dictionary<string, int> _index;
        private readonly double[] _sums;
        private readonly int[] _counts;
        private readonly float[] _means;
        private readonly List<ReferenceData.LfwRow> _rows;

        public Centroids(List<ReferenceData.LfwRow> rows, string[] people)
        {
            _rows = rows;
            _people = people;
            _index = people.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
            _sums = new double[people.Length * D];
            _counts = new int[people.Length];
            foreach (ReferenceData.LfwRow row in rows)
            {
                int p = _index[row.Person];
                _counts[p]++;
                for (int k = 0; k < D; k++)
                {
                    _sums[(p * D) + k] += row.Descriptor.Values[k];
                }
            }

            _means = new float[people.Length * D];
            for (int p = 0; p < people.Length; p++)
            {
                for (int k = 0; k < D; k++)
                {
                    _means[(p * D) + k] = (float)(_sums[(p * D) + k] / _counts[p]);
                }
            }
        }

        public Outcome LeaveOneOut(List<ReferenceData.LfwRow> probes)
        {
            var outcome = new Outcome();
            float[] distances = new float[_people.Length];
            float[] own = new float[D];
            foreach (ReferenceData.LfwRow probe in probes)
            {
                int p = _index[probe.Person];
                for (int k = 0; k < D; k++)
                {
                    own[k] = (float)((_sums[(p * D) + k] - probe.Descriptor.Values[k]) / (_counts[p] - 1));
                }

                FaceDistance.OneToMany(probe.Descriptor.Values, _means, distances);
                distances[p] = FaceDistance.Euclidean(probe.Descriptor.Values, own);
                outcome.Add(Nearest(distances), probe.Person);
            }

            return outcome;
        }

        public Outcome Impostors(List<ReferenceData.LfwRow> probes)
        {
            var outcome = new Outcome();
            float[] distances = new float[_people.Length];
            foreach (ReferenceData.LfwRow probe in probes)
            {
                FaceDistance.OneToMany(probe.Descriptor.Values, _means, distances);
                outcome.Add(Nearest(distances), probe.Person);
            }

            return outcome;
        }

        /// <summary>Pairs of people with every cross distance >= threshold whose centroids are nevertheless closer than it, and all such separated pairs.</summary>
        public (int Close, int Separated) CloseCentroidsOfSeparatedPeople(float threshold)
        {
            float[] block = _rows.SelectMany(r => r.Descriptor.ToArray()).ToArray();
            int n = _rows.Count;
            float[] distances = new float[n * n];
            FaceDistance.ManyToMany(block, block, D, distances);
            int[] person = _rows.Select(r => _index[r.Person]).ToArray();
            var touching = new HashSet<(int, int)>();
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    if (person[i] < person[j] && distances[(i * n) + j] < threshold)
                    {
                        touching.Add((person[i], person[j]));
                    }
                }
            }

            int close = 0;
            int separated = 0;
            for (int a = 0; a < _people.Length; a++)
            {
                for (int b = a + 1; b < _people.Length; b++)
                {
                    if (!touching.Contains((a, b)))
                    {
                        separated++;
                        if (FaceDistance.Euclidean(_means.AsSpan(a * D, D), _means.AsSpan(b * D, D)) < threshold)
                        {
                            close++;
                        }
                    }
                }
            }

            return (close, separated);
        }

        private string? Nearest(float[] distances)
        {
            int best = 0;
            for (int i = 1; i < distances.Length; i++)
            {
                if (distances[i] < distances[best])
                {
                    best = i;
                }
            }

            return distances[best] < Threshold ? _people[best] : null;
        }
    }
}
