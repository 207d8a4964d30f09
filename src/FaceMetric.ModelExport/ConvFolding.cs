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

    private static void CheckLength(TfjsTensor? t, int expected)
    {
        if (t is not null && t.ElementCount != expected)
        {
            throw new InvalidDataException($"{t.Name}: expected {expected} values, got {t.ElementCount}.");
        }
    }
}
