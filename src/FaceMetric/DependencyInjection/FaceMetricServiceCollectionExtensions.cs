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
    /// Registers, as singletons created on first use: <see cref="IFaceDetector"/> (SSD MobileNet v1),
    /// <see cref="ILandmarkDetector"/> (68 points), <see cref="IFaceEmbedder"/> (dlib's ResNet), a
    /// <see cref="FaceAnalyzer"/> over those three (each model loaded once), and a <see cref="FaceMatcher"/>. The
    /// container disposes them. An <see cref="ILoggerFactory"/> in the container, if any, receives the model loads.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional: sets model folder, threads, execution provider, detector and embedder options.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddFaceMetric(this IServiceCollection services, Action<FaceMetricServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new FaceMetricServiceOptions();
        configure?.Invoke(options);

        if (options.FrontEnd == FaceFrontEnd.Dlib)
        {
            services.TryAddSingleton<IFaceDetector>(_ => new HogFaceDetector(options.HogDetector with
            {
                ModelDirectory = options.HogDetector.ModelDirectory ?? options.ModelDirectory,
            }));
            services.TryAddSingleton<ILandmarkDetector>(_ => new DlibShapePredictor(options.ShapePredictorPath, DlibBoxMapping.Identity));
        }
        else
        {
            services.TryAddSingleton<IFaceDetector>(_ => new SsdFaceDetector(options.Detector with
            {
                ModelDirectory = options.Detector.ModelDirectory ?? options.ModelDirectory,
                Inference = options.Inference,
            }));
            services.TryAddSingleton<ILandmarkDetector>(_ => new OnnxLandmarkDetector(new LandmarkDetectorOptions
            {
                ModelDirectory = options.ModelDirectory,
                Inference = options.Inference,
            }));
        }

        services.TryAddSingleton<IFaceEmbedder>(sp => new OnnxFaceEmbedder(
            options.Embedder with
            {
                ModelDirectory = options.Embedder.ModelDirectory ?? options.ModelDirectory,
                Inference = options.Inference,
            },
            sp.GetService<ILoggerFactory>()?.CreateLogger<OnnxFaceEmbedder>()));
        services.TryAddSingleton(sp => new FaceAnalyzer(
            sp.GetRequiredService<IFaceDetector>(),
            sp.GetRequiredService<ILandmarkDetector>(),
            sp.GetRequiredService<IFaceEmbedder>(),
            options.ImageLimits));
        services.TryAddSingleton(_ => new FaceMatcher(options.MatchThreshold));
        return services;
    }
}
