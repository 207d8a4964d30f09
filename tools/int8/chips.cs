#:project ../../src/FaceMetric/FaceMetric.csproj
#:property TreatWarningsAsErrors=true
#:property Nullable=enable

// Int8 embedder study (speed issue, item 5), step 1: the aligned chips of every LFW View 1 image, cut by the default
// front end exactly as `facemetric eval-pairs` does (subject face nearest the centre, dlib's centred fallback box
// where no face is found), written once so that calibration and the fp32/int8 comparison see the same pixels.
// Usage: dotnet run chips.cs -- LFW_DIR MODELS_DIR OUT_DIR
// Writes OUT_DIR/devtrain.chips and OUT_DIR/devtest.chips (N x 150x150x3 bytes, interleaved RGB) with the image
// paths, relative to LFW_DIR, one a line in devtrain.txt / devtest.txt (in the order of the pairs files' images).
using FaceMetric;
using FaceMetric.Evaluation;
using FaceMetric.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

string lfw = args[0], models = args[1], outDir = args[2];
Directory.CreateDirectory(outDir);
string root = Path.Combine(lfw, "images_deepfunneled");
using var analyzer = new FaceAnalyzer(new FaceAnalyzerOptions { CentredFallback = true, Models = new() { Directory = models } });
foreach (string split in new[] { "DevTrain", "DevTest" })
{
    var protocol = PairsProtocol.Load(Path.Combine(lfw, $"pairs{split}.txt"), root);
    string stem = Path.Combine(outDir, split.ToLowerInvariant());
    using var chips = File.Create(stem + ".chips");
    var names = new List<string>();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    foreach (string path in protocol.Images)
    {
        using Image<Rgb24> image = FaceImage.Load(path);
        AnalyzedFace face = SubjectFace.Find(analyzer.Analyze(image), image.Width, image.Height)
            ?? throw new InvalidDataException(path + ": no face and no usable fallback");
        using Image<Rgb24> chip = analyzer.Aligner.ExtractChip(image, face.Chip);
        var bytes = new byte[150 * 150 * 3];
        chip.CopyPixelDataTo(bytes);
        chips.Write(bytes);
        names.Add(Path.GetRelativePath(lfw, path));
        if (names.Count % 250 == 0)
        {
            Console.Error.WriteLine($"{split}: {names.Count}/{protocol.Images.Count} ({clock.Elapsed.TotalSeconds:F0} s)");
        }
    }

    File.WriteAllLines(stem + ".txt", names);
    Console.WriteLine($"{split}: {names.Count} chips in {clock.Elapsed.TotalSeconds:F0} s");
}
