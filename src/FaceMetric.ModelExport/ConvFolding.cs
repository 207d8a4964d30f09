namespace FaceMetric.ModelExport;

/// <summary>
/// Turns a TF.js convolution (HWIO filters + bias) followed by a per-channel affine (gamma, beta) into one ONNX
/// Conv (OIHW weights + bias): <c>gamma * (conv(x, W) + b) + beta = conv(x, gamma*W) + (gamma*b + beta)</c>.
/// Optionally folds an input normalisation <c>(x - mean[c]) * inputScale</c> too, which is exact only for a
/// convolution without padding (every tap then sees a real pixel), as dlib's 7x7 stem is.
/// Products are formed in double and rounded once to float.
/// </summary>
internal static class ConvFolding
{
    public static (float[] Weights, float[] Bias) Fold(
        TfjsTensor filters,
        TfjsTensor? bias,
        TfjsTensor? gamma,
        TfjsTensor? beta,
        double[]? inputMean = null,
        double inputScale = 1.0)
    {
        if (filters.Shape.Length != 4)
        {
            throw new InvalidDataException($"{filters.Name}: expected HWIO filters, got rank {filters.Shape.Length}.");
        }

        int kh = filters.Shape[0], kw = filters.Shape[1], cin = filters.Shape[2], cout = filters.Shape[3];
        CheckLength(bias, cout);
        CheckLength(gamma, cout);
        CheckLength(beta, cout);

        var w = new float[cout * cin * kh * kw];
        var b = new float[cout];
        for (int o = 0; o < cout; o++)
        {
            double g = gamma?.Data[o] ?? 1.0;
            double shift = 0; // conv of the constant -mean*inputScale image, for the folded normalisation
            for (int i = 0; i < cin; i++)
            {
                for (int y = 0; y < kh; y++)
                {
                    for (int x = 0; x < kw; x++)
                    {
                        double tf = filters.Data[(((((y * kw) + x) * cin) + i) * cout) + o];
                        w[(((((o * cin) + i) * kh) + y) * kw) + x] = (float)(g * tf * inputScale);
                        if (inputMean is not null)
                        {
                            shift -= tf * inputMean[i] * inputScale;
                        }
                    }
                }
            }

            double convBias = (bias?.Data[o] ?? 0.0) + shift;
            b[o] = (float)((g * convBias) + (beta?.Data[o] ?? 0.0));
        }

        return (w, b);
    }

    /// <summary>
    /// Turns a TF.js depthwise filter <c>[kh, kw, C, 1]</c> followed by a per-channel affine <c>y * scale[c] + shift[c]</c>
    /// into one grouped ONNX Conv (weights <c>[C, 1, kh, kw]</c>, bias <c>[C]</c>). Null <paramref name="scale"/> means 1,
    /// null <paramref name="shift"/> means no bias term (the returned bias is then null).
    /// </summary>
    public static (float[] Weights, float[]? Bias) FoldDepthwise(TfjsTensor filters, double[]? scale, double[]? shift)
    {
        if (filters.Shape is not [int kh, int kw, int channels, 1])
        {
            throw new InvalidDataException($"{filters.Name}: expected depthwise filters [kh,kw,C,1], got [{string.Join(",", filters.Shape)}].");
        }

        if ((scale is not null && scale.Length != channels) || (shift is not null && shift.Length != channels))
        {
            throw new InvalidDataException($"{filters.Name}: the per-channel affine does not have {channels} values.");
        }

        var w = new float[channels * kh * kw];
        for (int c = 0; c < channels; c++)
        {
            double s = scale?[c] ?? 1.0;
            for (int y = 0; y < kh; y++)
            {
                for (int x = 0; x < kw; x++)
                {
                    w[(((c * kh) + y) * kw) + x] = (float)(s * filters.Data[(((y * kw) + x) * channels) + c]);
                }
            }
        }

        float[]? b = shift?.Select(v => (float)v).ToArray();
        return (w, b);
    }

    /// <summary>
    /// The affine of a TF batch normalisation in inference mode,
    /// <c>(y - mean) * gamma / sqrt(variance + epsilon) + beta = y * scale + shift</c>, in double.
    /// </summary>
    public static (double[] Scale, double[] Shift) BatchNormAffine(TfjsTensor gamma, TfjsTensor beta, TfjsTensor mean, TfjsTensor variance, double epsilon)
    {
        int n = gamma.ElementCount;
        CheckLength(beta, n);
        CheckLength(mean, n);
        CheckLength(variance, n);
        var scale = new double[n];
        var shift = new double[n];
        for (int c = 0; c < n; c++)
        {
            scale[c] = gamma.Data[c] / Math.Sqrt(variance.Data[c] + epsilon);
            shift[c] = beta.Data[c] - (mean.Data[c] * scale[c]);
        }

        return (scale, shift);
    }

    private static void CheckLength(TfjsTensor? t, int expected)
    {
        if (t is not null && t.ElementCount != expected)
        {
            throw new InvalidDataException($"{t.Name}: expected {expected} values, got {t.ElementCount}.");
        }
    }
}
