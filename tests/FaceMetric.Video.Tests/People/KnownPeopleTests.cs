using FaceMetric.Detection;
using FaceMetric.Video.Tests.TestSupport;
using Xunit.Abstractions;

namespace FaceMetric.Video.Tests.People;

/// <summary>Known people from a folder of photos, with the video front end's photo analyzer (CNN upsampled once).</summary>
[Collection(AnalyzerCollection.Name)]
public sealed class KnownPeopleTests(SharedAnalyzers analyzers, ITestOutputHelper output)
{
    [Fact]
    public void APhotoTooLargeForTheDetectorIsDescribedFromASmallerCopyNotRefused()
    {
        // obama_and_biden.jpg is 2000 x 1428: upsampled once, its CNN pyramid tiles into 41 megapixels, over the
        // detector's 40, so the analyzer refuses it; the folder still enrols it, from a halved copy, beside obama.jpg.
        using var folder = new TempFolder();
        string known = VideoFixtures.KnownFolder(folder, "obama_and_biden.jpg", "obama.jpg");
        Assert.Throws<ScanTooLargeException>(() => analyzers.Photos.Analyze(Path.Combine(known, "obama_and_biden.jpg")));

        var people = KnownPeople.FromFolder(known, analyzers.Photos);

        Assert.Empty(people.Skipped);
        Assert.Equal(["obama", "obama_and_biden"], people.Names.Order(StringComparer.Ordinal));
        float[] pair = people.Faces.Single(f => f.Name == "obama_and_biden").Descriptor;
        float[] obama = people.Faces.Single(f => f.Name == "obama").Descriptor;
        float distance = MathF.Sqrt(pair.Zip(obama, (a, b) => (a - b) * (a - b)).Sum());
        output.WriteLine($"largest face of obama_and_biden.jpg to obama.jpg: {distance:F3}");
        Assert.True(distance < 0.6f, $"{distance}: the larger face of the two is Obama's");
    }
}
