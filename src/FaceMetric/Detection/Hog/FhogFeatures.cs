namespace FaceMetric.Detection.Hog;

/// <summary>
/// The 31 planes of Felzenszwalb HOG features of one image (dlib's <c>extract_fhog_features</c> output): plane p's
/// value at (row, col) is <c>Planes[(p * Rows + row) * Cols + col]</c>. The planes carry dlib's filter padding: a
/// zero border so that a window of the detector's filter size can be centred on every cell.
/// </summary>
internal sealed class FhogFeatures
{
    public const int PlaneCount = 31;

    public FhogFeatures(int rows, int cols)
    {
        Rows = rows;
        Cols = cols;
        Planes = new float[checked(PlaneCount * rows * cols)];
    }

    public int Rows { get; }

    public int Cols { get; }

    public float[] Planes { get; }

    public bool IsEmpty => Rows == 0 || Cols == 0;

    public Span<float> Plane(int plane) => Planes.AsSpan(plane * Rows * Cols, Rows * Cols);
}
