using System.Runtime.ExceptionServices;
using FaceMetric.Alignment;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using FaceMetric.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric;

/// <summary>
/// The whole left half of the pipeline in one object: photo → faces (box, score) → 68 landmarks → dlib's aligned
/// 150x150 chip → 128-d descriptor.
/// </summary>
/// <remarks>
/// <para>Owns (or borrows) three inference objects: an <see cref="IFaceDetector"/>, an <see cref="ILandmarkDetector"/>
/// and an <see cref="IFaceEmbedder"/>. Thread-safe: create one analyzer, share it; disposing it while calls are in
/// flight is safe. The batched <see cref="Analyze(IEnumerable{Image{Rgb24}})"/> embeds every chip of every image in one
/// ONNX call.</para>
/// <para>Alignment is dlib's <c>get_face_chip_details(shape, size, padding)</c> + <c>extract_image_chip</c>, exactly, with the
/// embedder's chip size and padding (150 and 0.25 for dlib's network). A detected face whose landmarks do not span its
/// box (the landmark model scrambled them into a blob, as it can on a dark or blurred face; the fitted chip would be
/// under a tenth of the box's side, or under one pixel) is left out of the results and logged as a warning with the
/// reason: it has no chip that describes a face, and one such face never fails the photo or the batch. The components are built by
/// <see cref="FacePipelineFactory"/>, as <c>AddFaceMetric</c> and the CLI build them.</para>
/// </remarks>
public sealed class FaceAnalyzer : IDisposable
{
    /// <summary>Chips gathered from consecutive photos before <see cref="AnalyzeFiles"/> runs the network (batch 8 costs
    /// about 0.8x batch 1 per face on CPU).</summary>
    private const int EmbedBatch = 8;

    private readonly IFaceDetector _detector;
    private readonly ILandmarkDetector _landmarks;
    private readonly IFaceEmbedder _embedder;
    private readonly FaceAligner _aligner;
    private readonly ImageLimits _limits;
    private readonly bool _ownsComponents;
    private readonly bool _centredFallback;
    private readonly int _photoWorkers;
    private readonly InFlightGate _gate;
    private readonly ILogger _logger;

    /// <summary>Creates the analyzer with the shipped models.</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="loggerFactory">Optional: the models report their loading through it, and the analyzer each face it skips.</param>
    /// <exception cref="FaceModelException">A model file is missing or corrupt.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">The requested execution provider cannot be used.</exception>
    public FaceAnalyzer(FaceAnalyzerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new FaceAnalyzerOptions();
        _limits = options.ImageLimits;
        _centredFallback = options.CentredFallback;
        _photoWorkers = options.PhotoWorkersInForce;
        _ownsComponents = true;
        _logger = (ILogger?)loggerFactory?.CreateLogger<FaceAnalyzer>() ?? NullLogger.Instance;
        _gate = new InFlightGate(this, ReleaseComponents);
        // The three models load at once (dlib's shape predictor alone takes about half a second to parse); if one
        // fails, those that loaded are disposed and the first failure in pipeline order is thrown as it was raised.
        Task<IFaceDetector> detector = Task.Run(() => FacePipelineFactory.CreateDetector(options));
        Task<ILandmarkDetector> landmarks = Task.Run(() => FacePipelineFactory.CreateLandmarkDetector(options));
        Task<OnnxFaceEmbedder> embedder = Task.Run(() => FacePipelineFactory.CreateEmbedder(options, loggerFactory));
        Task[] loads = [detector, landmarks, embedder];
        try
        {
            Task.WaitAll(loads);
        }
        catch (AggregateException)
        {
            DisposeIfLoaded(detector);
            DisposeIfLoaded(landmarks);
            DisposeIfLoaded(embedder);
            ExceptionDispatchInfo.Throw(loads.First(l => l.IsFaulted).Exception!.InnerException!);
            throw;
        }

        (_detector, _landmarks, _embedder) = (detector.Result, landmarks.Result, embedder.Result);
        _aligner = new FaceAligner(_embedder.ChipSize, _embedder.ChipPadding);
    }

    /// <summary>Creates an analyzer over components the caller owns (they are not disposed with the analyzer).</summary>
    /// <param name="detector">Finds faces.</param>
    /// <param name="landmarks">Places 68 (or 5) landmarks on a face.</param>
    /// <param name="embedder">Maps aligned chips to descriptors; its <see cref="IFaceEmbedder.ChipSize"/> sets the chip size.</param>
    /// <param name="limits">Limits for loading images from files, streams or bytes; null for the defaults.</param>
    /// <exception cref="ArgumentNullException">A component is null.</exception>
    public FaceAnalyzer(IFaceDetector detector, ILandmarkDetector landmarks, IFaceEmbedder embedder, ImageLimits? limits = null)
        : this(detector, landmarks, embedder, limits, centredFallback: false, Environment.ProcessorCount)
    {
    }

    /// <summary>Over components built from <paramref name="options"/> (by <c>AddFaceMetric</c>): its limits and fallback apply.</summary>
    internal FaceAnalyzer(IFaceDetector detector, ILandmarkDetector landmarks, IFaceEmbedder embedder, FaceAnalyzerOptions options)
        : this(detector, landmarks, embedder, options.ImageLimits, options.CentredFallback, options.PhotoWorkersInForce)
    {
    }

    private FaceAnalyzer(IFaceDetector detector, ILandmarkDetector landmarks, IFaceEmbedder embedder, ImageLimits? limits, bool centredFallback, int photoWorkers)
    {
        _centredFallback = centredFallback;
        _photoWorkers = photoWorkers;
        _detector = detector ?? throw new ArgumentNullException(nameof(detector));
        _landmarks = landmarks ?? throw new ArgumentNullException(nameof(landmarks));
        _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
        _aligner = new FaceAligner(embedder.ChipSize, embedder.ChipPadding);
        _limits = limits ?? new ImageLimits();
        _ownsComponents = false;
        _logger = NullLogger.Instance;
        _gate = new InFlightGate(this, ReleaseComponents);
    }

    /// <summary>The aligner used to cut chips: the embedder's chip size and padding (150x150, padding 0.25 for dlib's network).</summary>
    public FaceAligner Aligner => _aligner;

    /// <summary>The face detector this analyzer runs.</summary>
    public IFaceDetector Detector => _detector;

    /// <summary>The landmark model this analyzer runs.</summary>
    public ILandmarkDetector Landmarks => _landmarks;

    /// <summary>The network that maps chips to descriptors.</summary>
    public IFaceEmbedder Embedder => _embedder;

    /// <summary>Finds and describes every face of a photo.</summary>
    /// <param name="image">The photo; only read.</param>
    /// <returns>The faces in detector order (highest score first), less any whose landmarks do not span it (see the remarks); empty when there are none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The analyzer was disposed.</exception>
    /// <exception cref="ScanTooLargeException">The detector chosen (not the default front end's) will not scan a photo this large at its upsampling.</exception>
    public IReadOnlyList<AnalyzedFace> Analyze(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Analyze([image])[0];
    }

    /// <summary>Loads a photo (EXIF orientation applied, size limits checked) and analyses it.</summary>
    /// <param name="path">An image file (JPEG, PNG, BMP, WebP; GIF/TIFF when the limits allow them).</param>
    /// <returns>The faces; empty when there are none.</returns>
    /// <exception cref="FaceImageException">The file is missing, unreadable, truncated, of a refused format or too large.</exception>
    /// <exception cref="ScanTooLargeException">The detector chosen (not the default front end's) will not scan a photo this large at its upsampling.</exception>
    public IReadOnlyList<AnalyzedFace> Analyze(string path)
    {
        using Image<Rgb24> image = FaceImage.Load(path, _limits);
        return Analyze(image);
    }

    /// <summary>Finds and describes every face of several photos; all chips are embedded in one batched call.</summary>
    /// <param name="images">The photos; only read.</param>
    /// <returns>One list of faces per photo, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> or one of them is null.</exception>
    /// <exception cref="ObjectDisposedException">The analyzer was disposed.</exception>
    /// <exception cref="ScanTooLargeException">The detector chosen (not the default front end's) will not scan a photo this large at its upsampling.</exception>
    public IReadOnlyList<IReadOnlyList<AnalyzedFace>> Analyze(IEnumerable<Image<Rgb24>> images) => Analyze(images, null, CancellationToken.None);

    /// <summary>
    /// <see cref="Analyze(IEnumerable{Image{Rgb24}})"/> with progress and cancellation: the same results, bit for bit;
    /// the token is checked before each photo's detection and landmarks and before the batched embedding.
    /// </summary>
    /// <param name="images">The photos; only read.</param>
    /// <param name="progress">Optional: receives the number of photos detected and placed so far (0 to n), then n when done.</param>
    /// <param name="cancellationToken">Cancels the call between photos (and before the final embedding).</param>
    /// <returns>One list of faces per photo, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> or one of them is null.</exception>
    /// <exception cref="ObjectDisposedException">The analyzer was disposed.</exception>
    /// <exception cref="ScanTooLargeException">The detector chosen (not the default front end's) will not scan a photo this large at its upsampling.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; nothing is returned.</exception>
    public IReadOnlyList<IReadOnlyList<AnalyzedFace>> Analyze(IEnumerable<Image<Rgb24>> images, IProgress<int>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        using InFlightGate.Lease lease = _gate.Enter();
        var list = images.ToList();
        var detections = new IReadOnlyList<DetectedFace>[list.Count];
        bool[]? fallback = null;
        for (int i = 0; i < list.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Image<Rgb24> image = list[i] ?? throw new ArgumentNullException(nameof(images), $"Image {i} is null.");
            detections[i] = _detector.Detect(image);
            if (_centredFallback && detections[i].Count == 0)
            {
                detections[i] = [DetectedFace.CentredFallback(image.Width, image.Height)];
                fallback ??= new bool[list.Count];
                fallback[i] = true;
            }
        }

        return Describe(list, detections, progress, cancellationToken, fallback);
    }

    /// <summary>
    /// Loads and analyses photo files with the pipeline's stages overlapped: while the network embeds the chips of
    /// photos already placed (many photos' chips in one call), the next photos are decoded, detected and placed on other
    /// cores. Results come back in the order of <paramref name="paths"/>, each as soon as it and those before it are done;
    /// the descriptors are those of <see cref="Analyze(string)"/>, bit for bit.
    /// </summary>
    /// <param name="paths">Image files (as <see cref="Analyze(string)"/> reads them: EXIF orientation applied, limits checked).</param>
    /// <param name="cancellationToken">Stops the run between photos.</param>
    /// <returns>One result per path, lazily: a file that cannot be read, or a photo the chosen detector will not scan
    /// (<see cref="FaceImageError.TooLargeToDetect"/>), gives a result with its <see cref="PhotoAnalysis.Error"/> and the
    /// run goes on. At most <see cref="FaceAnalyzerOptions.PhotoWorkers"/> photos
    /// are placed at once, and at most 64 times that many, holding at most about 1,000 face chips, are held ahead of the
    /// caller (placed photos keep only their chips), so memory stays bounded on long batches.
    /// Stopping the enumeration early cancels the photos in flight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> or one of them is null.</exception>
    /// <exception cref="ObjectDisposedException">The analyzer was disposed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IEnumerable<PhotoAnalysis> AnalyzeFiles(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            _ = list[i] ?? throw new ArgumentNullException(nameof(paths), $"Path {i} is null.");
        }

        ObjectDisposedException.ThrowIf(_gate.IsClosed, this);
        return AnalyzeFilesCore(list, cancellationToken);
    }

    private IEnumerable<PhotoAnalysis> AnalyzeFilesCore(List<string> paths, CancellationToken cancellationToken)
    {
        using InFlightGate.Lease lease = _gate.Enter();
        var warnings = new List<string>[paths.Count];
        var errors = new FaceImageException?[paths.Count];

        // The workers keep the cores busy with one photo each: a photo's detection gets its share of them, and the
        // last photos, with fewer left to share the cores, more (a single photo all of them).
        int ThreadsFor(int i) => Math.Max(1, Environment.ProcessorCount / Math.Min(_photoWorkers, paths.Count - i));
        PlacedPhoto PlaceFile(int i, CancellationToken token)
        {
            warnings[i] = [];
            Image<Rgb24> image;
            try
            {
                image = FaceImage.Load(paths[i], _limits, warnings[i]);
            }
            catch (FaceImageException e)
            {
                errors[i] = e;
                return new PlacedPhoto([], [], false);
            }

            int width = image.Width, height = image.Height;
            try
            {
                using (image)
                {
                    token.ThrowIfCancellationRequested();
                    IReadOnlyList<DetectedFace> found;
                    try
                    {
                        found = _detector.DetectWithin(image, ThreadsFor(i));
                    }
                    catch (ScanTooLargeException e)
                    {
                        // A detector chosen by the caller (not the default's, which fits its scans) refuses the photo:
                        // the photo's error, and the batch goes on.
                        errors[i] = FaceImageException.Refused(paths[i], FaceImageError.TooLargeToDetect, $"Cannot detect faces in '{paths[i]}': {e.Message}", e);
                        return new PlacedPhoto([], [], false);
                    }

                    bool fallback = _centredFallback && found.Count == 0;
                    if (fallback)
                    {
                        found = [DetectedFace.CentredFallback(width, height)];
                    }

                    return Place(image, i, found, fallback);
                }
            }
            finally
            {
                // The photo's native buffers are freed: give a large one's back to the system.
                NativeHeapTrim.AfterPhoto(width, height);
            }
        }

        int done = 0;
        IEnumerable<IReadOnlyList<AnalyzedFace>> described = OverlappedPipeline.Run<PlacedPhoto, IReadOnlyList<AnalyzedFace>>(
            paths.Count, PlaceFile, p => p.Faces.Count, Finish, _photoWorkers, EmbedBatch, cancellationToken);
        foreach (IReadOnlyList<AnalyzedFace> faces in described)
        {
            int i = done++;
            yield return new PhotoAnalysis(paths[i], faces, errors[i], warnings[i]);
            warnings[i] = null!;
        }
    }

    /// <summary>
    /// Describes faces at boxes the caller gives (skipping detection), e.g. a centred box for a photo where the
    /// detector found nothing, as dlib's LFW protocol does.
    /// </summary>
    /// <param name="image">The photo; only read.</param>
    /// <param name="faces">Face boxes in the photo's pixel coordinates; each must overlap the photo.</param>
    /// <returns>One analysed face per box, in order, less any box whose landmarks do not span it (see the remarks).</returns>
    /// <exception cref="ArgumentException">A box has no pixel inside the image.</exception>
    public IReadOnlyList<AnalyzedFace> Describe(Image<Rgb24> image, IReadOnlyList<DetectedFace> faces)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(faces);
        using InFlightGate.Lease lease = _gate.Enter();
        return Describe([image], [faces])[0];
    }

    /// <summary>Disposes the models this analyzer created (not those passed in). Safe while calls are in flight: they
    /// complete, later calls throw <see cref="ObjectDisposedException"/>, and the models are released when the last call
    /// in flight ends.</summary>
    public void Dispose() => _gate.Close();

    private void ReleaseComponents()
    {
        if (_ownsComponents)
        {
            _embedder.Dispose();
            _landmarks.Dispose();
            _detector.Dispose();
        }
    }

    private IReadOnlyList<IReadOnlyList<AnalyzedFace>> Describe(
        List<Image<Rgb24>> images,
        IReadOnlyList<DetectedFace>[] detections,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default,
        bool[]? fallback = null)
    {
        var placed = new PlacedPhoto[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(i);
            placed[i] = Place(images[i], i, detections[i], fallback?[i] ?? false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<IReadOnlyList<AnalyzedFace>> result = Finish(placed);
        progress?.Report(images.Count);
        return result;
    }

    /// <summary>The front half for one photo: landmarks for its boxes, the span check, the chips cut.</summary>
    private PlacedPhoto Place(Image<Rgb24> image, int index, IReadOnlyList<DetectedFace> detections, bool fallback)
    {
        int chipBytes = _aligner.ChipSize * _aligner.ChipSize * 3;
        IReadOnlyList<FaceLandmarks> shapes = detections.Count == 0 ? [] : _landmarks.Detect(image, detections);
        var faces = new List<(DetectedFace Detection, FaceLandmarks Shape, FaceChipDetails Chip)>(shapes.Count);
        byte[] chips = shapes.Count == 0 ? [] : new byte[shapes.Count * chipBytes];
        for (int f = 0; f < shapes.Count; f++)
        {
            if (LandmarkSpan.Check(_aligner, detections[f], shapes[f], out FaceChipDetails? chip, out _) is string reason)
            {
                AnalysisLog.FaceSkipped(_logger, index, detections[f].ToString(), reason);
                continue;
            }

            FaceAligner.ExtractChipCore(image, chip!, chips.AsSpan(faces.Count * chipBytes, chipBytes));
            faces.Add((detections[f], shapes[f], chip!));
        }

        return new PlacedPhoto(faces, chips, fallback);
    }

    /// <summary>The back half for consecutive placed photos: all their chips embedded in one call, faces assembled.</summary>
    private IReadOnlyList<IReadOnlyList<AnalyzedFace>> Finish(IReadOnlyList<PlacedPhoto> photos)
    {
        int chipBytes = _aligner.ChipSize * _aligner.ChipSize * 3;
        int total = photos.Sum(p => p.Faces.Count);
        IReadOnlyList<FaceDescriptor> descriptors = [];
        if (total > 0)
        {
            byte[] chips = photos.Count == 1 ? photos[0].Chips : new byte[total * chipBytes];
            if (photos.Count > 1)
            {
                int at = 0;
                foreach (PlacedPhoto p in photos)
                {
                    p.Chips.AsSpan(0, p.Faces.Count * chipBytes).CopyTo(chips.AsSpan(at));
                    at += p.Faces.Count * chipBytes;
                }
            }

            descriptors = _embedder.Embed(chips.AsSpan(0, total * chipBytes), total);
        }

        var result = new IReadOnlyList<AnalyzedFace>[photos.Count];
        int k = 0;
        for (int i = 0; i < photos.Count; i++)
        {
            var faces = new List<AnalyzedFace>(photos[i].Faces.Count);
            foreach (var (detection, shape, chip) in photos[i].Faces)
            {
                faces.Add(new AnalyzedFace(detection, shape, chip, descriptors[k++], photos[i].Fallback));
            }

            result[i] = faces;
        }

        return result;
    }

    private static void DisposeIfLoaded<T>(Task<T> load)
        where T : IDisposable
    {
        if (load.IsCompletedSuccessfully)
        {
            load.Result.Dispose();
        }
    }

    /// <summary>One photo's faces placed and their chips cut, waiting for the network.</summary>
    private sealed record PlacedPhoto(List<(DetectedFace Detection, FaceLandmarks Shape, FaceChipDetails Chip)> Faces, byte[] Chips, bool Fallback);
}
