namespace FaceMetric.Detection.Cnn;

/// <summary>
/// One convolution of dlib's MMOD network (<c>con_</c>) with what follows it up to the next convolution: an optional
/// per-channel affine (<c>affine_</c>, or a <c>bn_con</c> converted as dlib converts it) and an optional <c>relu</c>.
/// Weights are as dlib stores them: <c>[Filters, Channels, Kernel, Kernel]</c> (OIHW), row-major.
/// </summary>
/// <param name="Filters">Output channels.</param>
/// <param name="Channels">Input channels.</param>
/// <param name="KernelRows">Filter rows (dlib's <c>nr</c>).</param>
/// <param name="KernelCols">Filter columns (dlib's <c>nc</c>).</param>
/// <param name="Stride">Stride, the same both ways (dlib's <c>stride_y</c> = <c>stride_x</c> in this network).</param>
/// <param name="Padding">Zero padding on every side (dlib: <c>nr/2</c> at stride 1, 0 otherwise).</param>
/// <param name="Weights">Filter weights, OIHW.</param>
/// <param name="Bias">One bias per filter.</param>
/// <param name="Gamma">The affine scale per filter, or null when no affine follows.</param>
/// <param name="Beta">The affine shift per filter, or null when no affine follows.</param>
/// <param name="Relu">Whether a relu follows (after the affine).</param>
internal sealed record MmodConvLayer(
    int Filters,
    int Channels,
    int KernelRows,
    int KernelCols,
    int Stride,
    int Padding,
    float[] Weights,
    float[] Bias,
    float[]? Gamma,
    float[]? Beta,
    bool Relu)
{
    /// <summary>dlib's <c>con_::map_output_to_input</c> for one coordinate: <c>p * stride - padding + kernel / 2</c>.</summary>
    public double OutputToInput(double p, bool rows) => (p * Stride) - Padding + ((rows ? KernelRows : KernelCols) / 2);
}
