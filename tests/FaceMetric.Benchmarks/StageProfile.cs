using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FaceMetric.Alignment;
using FaceMetric.Detection;
using FaceMetric.Detection.Hog;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
using FaceMetric.Landmarks;
using FaceMetric.Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Benchmarks;

/// <summary>
/// Where the time of a whole photo run goes, stage by stage, for one front end: model loading (per component), decoding,
/// detection (for dlib's HOG detector also pyramid_up, each pyramid level's resize + fHOG features, and the filters),
/// landmarks, chips, the network and the JSON a CLI run writes. Every stage runs once per photo, sequentially, on the
/// calling thread with the embedder at <see cref="InferenceOptions"/>' defaults, as <c>facemetric embed</c> ran before
/// the pipeline overlapped. The HOG breakdown runs the detector's internals a second time beside the real call (it is
/// not added to the total). Not a BenchmarkDotNet job: one pass, printed as a table.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/FaceMetric.Benchmarks -- profile [--front-end dlib|dlib-compatible|face-api] [--detector hog|cnn|ssd|hog-cnn] LIST.txt</c>
/// (one photo path per line).</remarks>
internal static class StageProfile
{
    public static int Run(string[] args)
    {
        FaceFrontEnd frontEnd = FaceFrontEnd.DlibCompatible;
        FaceDetectorKind? detectorKind = null;
        string? list = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--front-end")
            {
                frontEnd = args[++i] switch
                {
                    "dlib" => FaceFrontEnd.Dlib,
                    "face-api" => FaceFrontEnd.FaceApi,
                    "dlib-compatible" => FaceFrontEnd.DlibCompatible,
                    var other => throw new ArgumentException("unknown front end " + other),
                };
            }
            else if (args[i] == "--detector")
            {
                detectorKind = args[++i] switch
                {
                    "hog" => FaceDetectorKind.Hog,
                    "cnn" => FaceDetectorKind.Cnn,
                    "ssd" => FaceDetectorKind.Ssd,
                    "hog-cnn" => FaceDetectorKind.HogThenCnn,
                    var other => throw new ArgumentException("unknown detector " + other),
                };
            }
            else
            {
                list = args[i];
            }
        }

        if (list is null)
        {
            Console.Error.WriteLine("usage: profile [--front-end dlib|dlib-compatible|face-api] [--detector hog|cnn|ssd|hog-cnn] LIST.txt");
            return 2;
        }

        string[] paths = File.ReadAllLines(list).Where(l => l.Length > 0).ToArray();
        var options = new FaceAnalyzerOptions { FrontEnd = frontEnd, Detector = detectorKind, Models = new ModelOptions { Directory = BenchmarkData.Models } };
        var times = new Dictionary<string, double>();
        void Add(string stage, double ms) => times[stage] = times.GetValueOrDefault(stage) + ms;

        var clock = Stopwatch.StartNew();
        using IFaceDetector detector = FacePipelineFactory.CreateDetector(options);
        Add("load: detector", Lap(clock));
        using ILandmarkDetector landmarks = FacePipelineFactory.CreateLandmarkDetector(options);
        Add("load: landmarks", Lap(clock));
        using OnnxFaceEmbedder embedder = FacePipelineFactory.CreateEmbedder(options);
        Add("load: embedder", Lap(clock));
        var aligner = new FaceAligner(embedder.ChipSize, embedder.ChipPadding);
        HogFaceDetector? hog = detector as HogFaceDetector ?? (detector as FallbackFaceDetector)?.First as HogFaceDetector;
        HogScanner? scanner = hog is null ? null : new HogScanner(HogModel.Load(hog.ModelPath));

        int chipBytes = aligner.ChipSize * aligner.ChipSize * 3;
        var chips = new List<byte[]>();
        var levelMs = new List<double>();
        var levelPixels = new List<double>();
        double megapixels = 0;
        int faces = 0, skipped = 0;
        foreach (string path in paths)
        {
            clock.Restart();
            using Image<Rgb24> image = FaceImage.Load(path);
            Add("decode", Lap(clock));
            IReadOnlyList<DetectedFace> found;
            try
            {
                found = detector.Detect(image);
            }
            catch (ArgumentException e)
            {
                // Over a detector's size limit (the CNN's tiled pyramid): reported, not counted.
                Console.Error.WriteLine($"skipped {path}: {e.Message}");
                skipped++;
                continue;
            }

            megapixels += image.Width * (double)image.Height / 1e6;
            Add("detect", Lap(clock));
            if (scanner is not null)
            {
                ProfileHog(hog!, scanner, image, Add, levelMs, levelPixels);
                clock.Restart();
            }

            IReadOnlyList<FaceLandmarks> shapes = found.Count == 0 ? [] : landmarks.Detect(image, found);
            Add("landmarks", Lap(clock));
            for (int f = 0; f < shapes.Count; f++)
            {
                if (LandmarkSpan.Check(aligner, found[f], shapes[f], out FaceChipDetails? chip, out _) is null)
                {
                    var bytes = new byte[chipBytes];
                    FaceAligner.ExtractChipCore(image, chip!, bytes);
                    chips.Add(bytes);
                }
            }

            faces += shapes.Count;
            Add("chip", Lap(clock));
        }

        clock.Restart();
        byte[] all = chips.SelectMany(c => c).ToArray();
        IReadOnlyList<FaceDescriptor> descriptors = chips.Count == 0 ? [] : embedder.Embed(all, chips.Count);
        Add(embedder.AveragesWithMirror ? "embed (chip + mirror)" : "embed", Lap(clock));
        using (var buffer = new MemoryStream())
        {
            using var w = new Utf8JsonWriter(buffer);
            w.WriteStartArray();
            foreach (FaceDescriptor d in descriptors)
            {
                JsonSerializer.Serialize(w, d);
            }

            w.WriteEndArray();
        }

        Add("json", Lap(clock));

        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"front end {frontEnd}, detector {options.DetectorInForce}: {paths.Length - skipped} photos ({skipped} over the detector's size limit left out), {megapixels:F1} MP, {faces} faces, {chips.Count} chips; detection {times["detect"] / megapixels:F0} ms per megapixel");
        double total = times.Where(t => !t.Key.StartsWith("  ", StringComparison.Ordinal)).Sum(t => t.Value);
        output.AppendLine("| stage | ms | share |");
        output.AppendLine("|---|---:|---:|");
        foreach (var (stage, ms) in times)
        {
            string share = stage.StartsWith("  ", StringComparison.Ordinal) ? "" : (ms / total).ToString("P1", CultureInfo.InvariantCulture);
            output.AppendLine(CultureInfo.InvariantCulture, $"| {stage} | {ms:F0} | {share} |");
        }

        output.AppendLine(CultureInfo.InvariantCulture, $"| total | {total:F0} | |");
        for (int l = 0; l < levelMs.Count; l++)
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"| HOG level {l}: resize + fHOG ({levelPixels[l] / 1e6:F1} MP over all photos) | {levelMs[l]:F0} | |");
        }

        Console.Write(output.ToString());
        return 0;
    }

    /// <summary>dlib's HOG detector's stages on one photo (as <see cref="HogFaceDetector.Detect"/> runs them).</summary>
    private static void ProfileHog(HogFaceDetector hog, HogScanner scanner, Image<Rgb24> image, Action<string, double> add,
        List<double> levelMs, List<double> levelPixels)
    {
        var clock = Stopwatch.StartNew();
        RgbRaster raster = HogFaceDetector.ToRaster(image);
        add("  of which: image to raster", Lap(clock));
        for (int u = 0; u < hog.Options.Upsample; u++)
        {
            raster = DlibBilinearResize.PyramidUp(raster);
        }

        add("  of which: pyramid_up", Lap(clock));
        int levels = scanner.LevelCount(raster.Width, raster.Height);
        RgbRaster level = raster;
        double features = 0;
        for (int l = 0; l < levels; l++)
        {
            clock.Restart();
            if (l > 0)
            {
                level = DlibBilinearResize.PyramidDown6(level);
            }

            FhogExtractor.Extract(level, scanner.Model.CellSize, scanner.Model.FilterHeight, scanner.Model.FilterWidth);
            double ms = Lap(clock);
            features += ms;
            while (levelMs.Count <= l)
            {
                levelMs.Add(0);
                levelPixels.Add(0);
            }

            levelMs[l] += ms;
            levelPixels[l] += level.Width * (double)level.Height;
        }

        add("  of which: pyramid levels (resize + fHOG)", features);
        clock.Restart();
        scanner.Detect(raster, hog.Options.AdjustThreshold);
        add("  of which: pyramid + filters (scanner)", Lap(clock));
    }

    private static double Lap(Stopwatch clock)
    {
        double ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }
}
