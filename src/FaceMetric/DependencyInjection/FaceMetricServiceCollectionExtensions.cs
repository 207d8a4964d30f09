using FaceMetric;
using FaceMetric.DependencyInjection;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Landmarks;
using FaceMetric.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers FaceMetric's services with a dependency-injection container.</summary>
public static class FaceMetricServiceCollectionExtensions
{
    /// <summary>
    /// Registers, as singletons created on first use: the <see cref="IFaceDetector"/>, <see cref="ILandmarkDetector"/>
    /// and <see cref="IFaceEmbedder"/> that <see cref="FaceMetricServiceOptions.Analyzer"/> selects (each built by
    /// <see cref="FacePipelineFactory"/>, exactly as <c>new FaceAnalyzer(options)</c> builds them, and loaded once), a
    /// <see cref="FaceAnalyzer"/> over those three, and a <see cref="FaceMatcher"/>. A component already registered is
    /// kept. The container disposes them. An <see cref="ILoggerFactory"/> in the container, if any, receives the model loads.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional: sets the analyzer options (front end, models, inference, limits) and the match threshold.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddFaceMetric(this IServiceCollection services, Action<FaceMetricServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new FaceMetricServiceOptions();
        configure?.Invoke(options);
        FaceAnalyzerOptions analyzer = options.Analyzer ?? throw new ArgumentException("FaceMetricServiceOptions.Analyzer must not be null.", nameof(configure));

        services.TryAddSingleton<IFaceDetector>(_ => FacePipelineFactory.CreateDetector(analyzer));
        services.TryAddSingleton<ILandmarkDetector>(_ => FacePipelineFactory.CreateLandmarkDetector(analyzer));
        services.TryAddSingleton<IFaceEmbedder>(sp => FacePipelineFactory.CreateEmbedder(analyzer, sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new FaceAnalyzer(
            sp.GetRequiredService<IFaceDetector>(),
            sp.GetRequiredService<ILandmarkDetector>(),
            sp.GetRequiredService<IFaceEmbedder>(),
            analyzer));
        services.TryAddSingleton(_ => new FaceMatcher(options.MatchThreshold));
        return services;
    }
}
