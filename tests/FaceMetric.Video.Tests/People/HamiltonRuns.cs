using FaceMetric.Video.Tests.TestSupport;

namespace FaceMetric.Video.Tests.People;

/// <summary>
/// The Hamilton clip analysed once per configuration for all the tests that score it (each run takes minutes on
/// two cores): every 5th frame, the video front end (<see cref="VideoFrontEnd"/>), known people from the clip's photos
/// (file stems as names).
/// </summary>
public sealed class HamiltonRuns : IDisposable
{
    private readonly SharedAnalyzers _analyzers = new();
    private readonly TempFolder _folder = new();
    private readonly Lazy<Task<VideoPeopleResult>> _known;
    private readonly Lazy<Task<VideoPeopleResult>> _knownAveraging;
    private readonly Lazy<Task<VideoPeopleResult>> _unknown;

    public HamiltonRuns()
    {
        var known = KnownPeople.FromFolder(VideoFixtures.KnownFolder(_folder, "lin-manuel-miranda.png", "alex-lacamoire.png", "obama.jpg"), _analyzers.Photos);
        _known = new(() => Run(known, averaging: false));
        _knownAveraging = new(() => Run(known, averaging: true));
        _unknown = new(() => Run(null, averaging: false));
    }

    public static VideoPeopleOptions Options { get; } = new() { Sampling = VideoSampling.EveryNthFrame(5) };

    public Task<VideoPeopleResult> Known => _known.Value;

    public Task<VideoPeopleResult> KnownAveraging => _knownAveraging.Value;

    public Task<VideoPeopleResult> Unknown => _unknown.Value;

    private Task<VideoPeopleResult> Run(KnownPeople? known, bool averaging) =>
        new VideoPeopleAnalyzer(_analyzers.Video, Options with { AverageDescriptors = averaging }).AnalyzeAsync(VideoFixtures.HamiltonClip, known);

    public void Dispose()
    {
        foreach (var run in new[] { _known, _knownAveraging, _unknown })
        {
            if (run.IsValueCreated && run.Value.IsCompletedSuccessfully)
            {
                run.Value.Result.Dispose();
            }
        }

        _analyzers.Dispose();
        _folder.Dispose();
    }
}
