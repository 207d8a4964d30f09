namespace FaceMetric.Detection.Hog;

/// <summary>
/// One of the detector's HOG filters: a bias (a window scores <c>filter · features - bias</c>) and, per feature plane,
/// the separable terms dlib's <c>build_fhog_filterbank</c> keeps after its SVD (plane filter ≈ Σ col ⊗ row).
/// </summary>
internal sealed class HogFilter(double bias, HogFilter.SeparableTerm[][] terms)
{
    public double Bias { get; } = bias;

    /// <summary>Per plane, its separable terms (possibly none).</summary>
    public IReadOnlyList<SeparableTerm[]> Terms { get; } = terms;

    /// <summary>One rank-one term: a row filter applied along each row, then a column filter down each column.</summary>
    internal sealed class SeparableTerm(float[] row, float[] column)
    {
        public float[] Row { get; } = row;

        public float[] Column { get; } = column;
    }
}
