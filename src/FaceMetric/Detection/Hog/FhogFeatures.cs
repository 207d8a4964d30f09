
namespace FaceMetric.Detection.Hog;

/// <summary>
/// The 31 planes of Felzenszwalb HOG features of one image (dlib's <c>extract_fhog_features</c> output): plane p's
/// value at (row, col) is <c>Planes[(p * Rows + row) * Cols + col]</c>. The planes carry dlib's filter padding: a
/// zero border so that a window of the detector's filter size can be centred on every cell.
/// </summary>
internal sealed class FhogFeatures
{
    public const int PlaneCount = 31;

    private HogBuffers? _pool;

    public FhogFeatures(int rows, int cols)
        : this(rows, cols, pool: null)
    {
    }

    /// <summary>
    /// Zeroed planes; with a <paramref name="pool"/> they are taken from it (and may then be longer than
    /// <see cref="PlaneCount"/> x rows x cols), to be given back by <see cref="ReturnPlanes"/>.
    /// </summary>
    public FhogFeatures(int rows, int cols, HogBuffers? pool)
    {
        Rows = rows;
        Cols = cols;
        int length = checked(PlaneCount * rows * cols);
        if (pool is not null)
        {
            Planes = pool.Rent<float>(length);
            Array.Clear(Planes, 0, length);
        }
        else
        {
            Planes = new float[length];
        }

        _pool = pool;
    }

    public int Rows { get; }

    public int Cols { get; }

    public float[] Planes { get; }

    public bool IsEmpty => Rows == 0 || Cols == 0;

    public Span<float> Plane(int plane) => Planes.AsSpan(plane * Rows * Cols, Rows * Cols);

    /// <summary>Gives pooled planes back to their pool (nothing for others); the features are not used after.</summary>
    public void ReturnPlanes()
    {
        if (_pool is HogBuffers pool)
        {
            _pool = null;
            pool.Return(Planes);
        }
    }
}
