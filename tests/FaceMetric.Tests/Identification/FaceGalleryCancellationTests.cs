using FaceMetric.Embedding;
using FaceMetric.Identification;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Identification;

/// <summary>Progress and cancellation of the batched <see cref="FaceGallery.Identify(IReadOnlyList{FaceDescriptor}, int, IProgress{int}, CancellationToken)"/>.</summary>
public sealed class FaceGalleryCancellationTests
{
    private static FaceGallery JohnsGallery()
    {
        var gallery = new FaceGallery();
        for (int i = 0; i < Johns.Faces.Length; i++)
        {
            gallery.Enroll(Johns.People[i], Johns.Faces[i]);
        }

        return gallery;
    }

    /// <summary>600 probes: three blocks of <see cref="FaceGallery.IdentifyBlock"/> (256, 256, 88).</summary>
    private static List<FaceDescriptor> Probes => [.. Enumerable.Range(0, 600).Select(i => Johns.Faces[i % Johns.Faces.Length])];

    [Fact]
    public void ProgressComesPerBlockAndTheAnswersAreTheSame()
    {
        using FaceGallery gallery = JohnsGallery();
        using var progress = new CancellingProgress(int.MaxValue);
        IReadOnlyList<FaceIdentification> blocked = gallery.Identify(Probes, 7, progress, progress.Token);
        Assert.Equal([256, 512, 600], progress.Reports);
        Assert.Equal(Probes.Select(p => gallery.Identify(p)), blocked);
        Assert.Equal(Probes.Select((_, i) => Johns.People[i % Johns.Faces.Length]), blocked.Select(b => b.Label));
    }

    [Fact]
    public void ACancelledBatchStopsAfterTheBlockInHand()
    {
        using FaceGallery gallery = JohnsGallery();
        using var progress = new CancellingProgress(1);
        Assert.ThrowsAny<OperationCanceledException>(() => gallery.Identify(Probes, 7, progress, progress.Token));
        Assert.Equal([256], progress.Reports);
    }
}
