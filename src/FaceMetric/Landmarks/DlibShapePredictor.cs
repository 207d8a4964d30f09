using FaceMetric.Geometry;
using FaceMetric.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using FaceMetric.Alignment;
using FaceMetric.Detection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Landmarks;

/// <summary>
/// dlib's shape predictor (<c>shape_predictor</c>: Kazemi and Sullivan's cascade of regression trees) read from any
/// dlib <c>.dat</c> file with 68 parts (iBUG 300-W order, <c>shape_predictor_68_face_landmarks.dat</c>) or 5 parts
/// (dlib's 5-point order, <c>shape_predictor_5_face_landmarks.dat</c>, what face_recognition's default
/// <c>face_encodings</c> aligns with) and run in C#, step for step as dlib 19.24's <c>shape_predictor::operator()</c>:
/// pixel intensities <c>(r+g+b)/3</c> sampled at points anchored to the current shape, trees walked on intensity
/// differences, leaf vectors summed, parts rounded to whole pixels. A 5-point result goes through dlib's 5-point
/// <c>get_face_chip_details</c> in <see cref="FaceChipDetails.ForFace"/> (all five points fitted to dlib's 5-point mean
/// face), as dlib and face_recognition align with it.
/// </summary>
/// <remarks>
/// <para>The model file is not shipped with FaceMetric (100 MB). Debian's <c>libdlib-data</c> package installs it at
/// <see cref="DebianModelPath"/> (its copyright file: CC0; dlib's model README notes that the iBUG 300-W images it was
/// trained on carry their own terms). dlib's face recognition model was trained on chips aligned with these landmarks,
/// so they give the descriptors dlib gives.</para>
/// <para>The model was trained on boxes of dlib's HOG face detector. <see cref="Detect(Image{Rgb24}, IReadOnlyList{DetectedFace})"/>
/// uses detector boxes as dlib rectangles (right = x + width - 1); <see cref="Predict"/> takes a dlib rectangle directly. Immutable after loading and thread-safe.</para>
/// </remarks>
public sealed class DlibShapePredictor : ILandmarkDetector
{
    /// <summary>Where Debian's <c>libdlib-data</c> package installs dlib's 68-point model.</summary>
    public const string DebianModelPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    /// <summary>
    /// The environment variable naming the model file when no path is given (for Windows, macOS, or a copy outside
    /// <see cref="DebianModelPath"/>); read once per construction, never written.
    /// </summary>
    public const string ModelPathVariable = "FACEMETRIC_SHAPE_PREDICTOR";

    private readonly float[] _initialShape;
    private readonly Cascade[] _cascades;
    private readonly DlibBoxMapping _mapping;

    /// <summary>Loads a dlib shape predictor file; detector boxes are used as they are (they should be dlib HOG boxes, which the model was trained on).</summary>
    /// <param name="options">
    /// The model file; a null options or <see cref="Onnx.ModelOptions.FilePath"/>: the file named by the
    /// <see cref="ModelPathVariable"/> environment variable when it is set and not empty, else <see cref="DebianModelPath"/>.
    /// </param>
    /// <exception cref="FaceModelException">The file is missing or is not a dlib shape predictor with 68 or 5 parts (or is truncated).</exception>
    public DlibShapePredictor(ShapePredictorOptions? options = null)
        : this(options ?? new ShapePredictorOptions(), DlibBoxMapping.Identity)
    {
    }

    /// <summary>Loads a dlib shape predictor file.</summary>
    /// <param name="modelPath">The <c>.dat</c> file.</param>
    /// <exception cref="FaceModelException">The file is missing, truncated, or not a dlib shape predictor with 68 or 5 parts.</exception>
    public DlibShapePredictor(string modelPath)
        : this(new ShapePredictorOptions { Model = new() { FilePath = modelPath } })
    {
    }

    /// <summary>Loads a dlib shape predictor file whose detector boxes are mapped to HOG-like boxes first.</summary>
    internal DlibShapePredictor(ShapePredictorOptions options, DlibBoxMapping boxMapping)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelPath = Path.GetFullPath(options.Model.FilePath ?? DefaultModelPath());
        _mapping = boxMapping;
        if (!File.Exists(ModelPath))
        {
            throw new FaceModelException(ModelPath, $"the file does not exist (on Debian: apt-get install libdlib-data; elsewhere set {ModelPathVariable} to a copy).");
        }

        // Read through a small buffer: the 100 MB file is parsed without a copy of it in memory.
        using var file = new FileStream(ModelPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var reader = new DlibSerializationReader(file, ModelPath);
        if (reader.ReadInt() != 1)
        {
            throw new FaceModelException(ModelPath, "not a dlib shape predictor file (version is not 1).");
        }

        _initialShape = reader.ReadColumn();
        if (_initialShape.Length is not (2 * FaceLandmarks.Ibug68Count) and not (2 * FaceLandmarks.Dlib5Count))
        {
            throw new FaceModelException(
                ModelPath,
                $"the model has {_initialShape.Length / 2.0} parts; FaceMetric reads dlib's {FaceLandmarks.Ibug68Count}-point (iBUG) and {FaceLandmarks.Dlib5Count}-point layouts.");
        }

        int levels = reader.ReadCount(1000);
        var trees = new List<Tree>[levels];
        for (int l = 0; l < levels; l++)
        {
            int count = reader.ReadCount(100_000);
            trees[l] = new List<Tree>(count);
            for (int t = 0; t < count; t++)
            {
                int splits = reader.ReadCount(1 << 16);
                var idx1 = new int[splits];
                var idx2 = new int[splits];
                var thresh = new float[splits];
                for (int s = 0; s < splits; s++)
                {
                    idx1[s] = (int)reader.ReadInt();
                    idx2[s] = (int)reader.ReadInt();
                    thresh[s] = reader.ReadFloat();
                }

                int leaves = reader.ReadCount(1 << 17);
                if (leaves != splits + 1)
                {
                    throw new FaceModelException(ModelPath, $"a tree has {splits} splits but {leaves} leaves.");
                }

                var leafValues = new float[leaves * _initialShape.Length];
                for (int v = 0; v < leaves; v++)
                {
                    reader.ReadColumn(leafValues.AsSpan(v * _initialShape.Length, _initialShape.Length));
                }

                trees[l].Add(new Tree(idx1, idx2, thresh, leafValues));
            }
        }

        if (reader.ReadCount(1000) != levels)
        {
            throw new FaceModelException(ModelPath, "anchor table does not match the cascade.");
        }

        var anchors = new int[levels][];
        for (int l = 0; l < levels; l++)
        {
            anchors[l] = new int[reader.ReadCount(1 << 20)];
            for (int i = 0; i < anchors[l].Length; i++)
            {
                anchors[l][i] = (int)reader.ReadInt();
            }
        }

        if (reader.ReadCount(1000) != levels)
        {
            throw new FaceModelException(ModelPath, "delta table does not match the cascade.");
        }

        _cascades = new Cascade[levels];
        for (int l = 0; l < levels; l++)
        {
            int n = reader.ReadCount(1 << 20);
            var deltas = new Vector2[n];
            for (int i = 0; i < n; i++)
            {
                float x = reader.ReadFloat();
                float y = reader.ReadFloat();
                deltas[i] = new Vector2(x, y);
            }

            if (n != anchors[l].Length)
            {
                throw new FaceModelException(ModelPath, "anchors and deltas differ in length.");
            }

            _cascades[l] = new Cascade(anchors[l], deltas, [.. trees[l]]);
        }
    }

    /// <summary>The model file in use.</summary>
    public string ModelPath { get; }

    /// <summary>The number of points the model places: 68 or 5.</summary>
    public int PartCount => _initialShape.Length / 2;

    /// <inheritdoc />
    public IReadOnlyList<FaceLandmarks> Detect(Image<Rgb24> image, IReadOnlyList<DetectedFace> faces)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(faces);
        if (faces.Count == 0)
        {
            return [];
        }

        byte[] gray = Intensity(image);
        var result = new FaceLandmarks[faces.Count];
        for (int i = 0; i < faces.Count; i++)
        {
            var (l, t, r, b) = _mapping.ToDlibRectangle(faces[i]);
            result[i] = PredictCore(gray, image.Width, image.Height, l, t, r, b);
        }

        return result;
    }

    /// <summary>dlib's <c>sp(img, rect)</c> for a dlib rectangle (inclusive integer edges) in image pixels.</summary>
    /// <param name="image">The photo.</param>
    /// <param name="left">Left column.</param>
    /// <param name="top">Top row.</param>
    /// <param name="right">Right column (inclusive).</param>
    /// <param name="bottom">Bottom row (inclusive).</param>
    /// <returns><see cref="PartCount"/> landmarks, whole pixels (68: iBUG order; 5: dlib's 5-point order).</returns>
    public FaceLandmarks Predict(Image<Rgb24> image, long left, long top, long right, long bottom)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PredictCore(Intensity(image), image.Width, image.Height, left, top, right, bottom);
    }

    /// <summary>Nothing to release (the model is managed memory).</summary>
    public void Dispose()
    {
    }

    private FaceLandmarks PredictCore(byte[] gray, int width, int height, long left, long top, long right, long bottom)
    {
        int parts = _initialShape.Length / 2;
        var shape = (float[])_initialShape.Clone();
        double sx = right - left, sy = bottom - top;
        var from = new (double X, double Y)[parts];
        var to = new (double X, double Y)[parts];
        for (int i = 0; i < parts; i++)
        {
            from[i] = (_initialShape[2 * i], _initialShape[(2 * i) + 1]);
        }

        var features = new float[_cascades.Max(c => c.Anchors.Length)];
        foreach (Cascade cascade in _cascades)
        {
            for (int i = 0; i < parts; i++)
            {
                to[i] = (shape[2 * i], shape[(2 * i) + 1]);
            }

            AffineTransform similarity = SimilarityTransform.Find(from, to);
            float m00 = (float)similarity.M00, m01 = (float)similarity.M01, m10 = (float)similarity.M10, m11 = (float)similarity.M11;
            for (int i = 0; i < cascade.Anchors.Length; i++)
            {
                Vector2 d = cascade.Deltas[i];
                int a = cascade.Anchors[i];
                float u = (m00 * d.X) + (m01 * d.Y) + shape[2 * a];
                float v = (m10 * d.X) + (m11 * d.Y) + shape[(2 * a) + 1];
                long px = DlibRounding.Round(left + (u * sx));
                long py = DlibRounding.Round(top + (v * sy));
                features[i] = px >= 0 && py >= 0 && px < width && py < height ? gray[(py * width) + px] : 0;
            }

            foreach (Tree tree in cascade.Trees)
            {
                int node = 0;
                int splits = tree.Idx1.Length;
                while (node < splits)
                {
                    node = features[tree.Idx1[node]] - features[tree.Idx2[node]] > tree.Threshold[node] ? (2 * node) + 1 : (2 * node) + 2;
                }

                System.Numerics.Tensors.TensorPrimitives.Add(shape, tree.Leaves.AsSpan((node - splits) * shape.Length, shape.Length), shape);
            }
        }

        var points = new Vector2[parts];
        for (int i = 0; i < parts; i++)
        {
            points[i] = new Vector2(
                (float)DlibRounding.RoundToDouble(left + (shape[2 * i] * sx)),
                (float)DlibRounding.RoundToDouble(top + (shape[(2 * i) + 1] * sy)));
        }

        return new FaceLandmarks(points);
    }

    /// <summary>dlib's grayscale intensity of an RGB pixel: (r + g + b) / 3, integer division.</summary>
    private static string DefaultModelPath()
    {
        string? configured = Environment.GetEnvironmentVariable(ModelPathVariable);
        return string.IsNullOrEmpty(configured) ? DebianModelPath : configured;
    }

    private static byte[] Intensity(Image<Rgb24> image)
    {
        var gray = new byte[image.Width * image.Height];
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                ReadOnlySpan<byte> row = MemoryMarshal.AsBytes(accessor.GetRowSpan(y));
                Span<byte> dst = gray.AsSpan(y * accessor.Width, accessor.Width);
                for (int x = 0, s = 0; x < dst.Length; x++, s += 3)
                {
                    dst[x] = (byte)((row[s] + row[s + 1] + row[s + 2]) / 3);
                }
            }
        });
        return gray;
    }

    private sealed record Tree(int[] Idx1, int[] Idx2, float[] Threshold, float[] Leaves);

    private sealed record Cascade(int[] Anchors, Vector2[] Deltas, Tree[] Trees);
}
