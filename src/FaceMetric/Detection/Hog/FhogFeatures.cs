
namespace FaceMetric.Detection.Hog;

/// <summary>
/// The 31 planes of Felzenszwalb HOG features of one image (dlib's <c>extract_fhog_features</c> output): plane p's
/// value at (row, col) is <c>Planes[(p * Rows + row) * Cols + col]</c>. The planes carry dlib's filter padding: a
/// zero border so that a window of the detector's filter size can be centred on every cell.
/// </summary>
internal sealed class FhogFeatures
{
    public const int PlaneCount = 31;

    private readonly Memory<float> _planes;
    private HogBuffers? _pool;
    private HogBlock<float>? _block;

    public FhogFeatures(int rows, int cols)
        : this(rows, cols, pool: null)
    {
    }

    /// <summary>Zeroed planes (from <paramref name="pool"/> when one is given).</summary>
    public FhogFeatures(int rows, int cols, HogBuffers? pool)
        : this(rows, cols, pool, 0, 0, 0, 0)
    {
    }

    /// <summary>
    /// Planes that are zero outside the rectangle of <paramref name="interiorRows"/> x <paramref name="interiorCols"/> at
    /// (<paramref name="interiorTop"/>, <paramref name="interiorLeft"/>), which the caller writes in full (with a pool its
    /// values are whatever the pooled memory held; without one, zero). With a <paramref name="pool"/> the planes are taken
    /// from it, to be given back by <see cref="ReturnPlanes"/>; only the border is cleared (the interior is most of a
    /// level, and clearing it too cost about 1% of a run).
    /// </summary>
    public FhogFeatures(int rows, int cols, HogBuffers? pool, int interiorTop, int interiorLeft, int interiorRows, int interiorCols)
    {
        Rows = rows;
        Cols = cols;
        int length = checked(PlaneCount * rows * cols);
        if (pool is not null)
        {
            _block = pool.Rent<float>(length);
            _planes = _block.Memory;
            _pool = pool;
            ClearOutside(interiorTop, interiorLeft, interiorRows, interiorCols);
        }
        else
        {
            _planes = new float[length];
        }
    }

    public int Rows { get; }

    public int Cols { get; }

    /// <summary>The 31 planes, one after another: exactly <see cref="PlaneCount"/> x <see cref="Rows"/> x <see cref="Cols"/> values.</summary>
    public Span<float> Planes => _planes.Span;

    public bool IsEmpty => Rows == 0 || Cols == 0;

    public Span<float> Plane(int plane) => Planes.Slice(plane * Rows * Cols, Rows * Cols);

    private void ClearOutside(int top, int left, int rows, int cols)
    {
        int plane = Rows * Cols;
        for (int p = 0; p < PlaneCount; p++)
        {
            Span<float> planeValues = Planes.Slice(p * plane, plane);
            planeValues[..(top * Cols)].Clear();
            planeValues[((top + rows) * Cols)..].Clear();
            for (int r = top; r < top + rows; r++)
            {
                Span<float> row = planeValues.Slice(r * Cols, Cols);
                row[..left].Clear();
                row[(left + cols)..].Clear();
            }
        }
    }

    /// <summary>Gives pooled planes back to their pool (nothing for others); the features are not used after.</summary>
    public void ReturnPlanes()
    {
        if (_pool is HogBuffers pool && _block is HogBlock<float> block)
        {
            (_pool, _block) = (null, null);
            pool.Return(block);
        }
    }
}
