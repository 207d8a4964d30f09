using System.Numerics.Tensors;

namespace FaceMetric.Metric;

/// <summary>
/// The fully connected layer without bias that ends dlib's face network, <c>y = x·W</c> with W stored
/// [inputs × outputs] row-major (dlib's <c>fc_no_bias</c> layout), and its weight gradient.
/// </summary>
internal static class LinearProjection
{
    /// <summary><c>y = x·W</c>: x is rows×inputs, y rows×outputs; each output row is a sum of rows of W.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weights, Span<float> y, int inputs, int outputs)
    {
        int rows = x.Length / inputs;
        for (int i = 0; i < rows; i++)
        {
            Span<float> yi = y.Slice(i * outputs, outputs);
            yi.Clear();
            ReadOnlySpan<float> xi = x.Slice(i * inputs, inputs);
            for (int k = 0; k < inputs; k++)
            {
                if (xi[k] != 0)
                {
                    TensorPrimitives.MultiplyAdd(weights.Slice(k * outputs, outputs), xi[k], yi, yi);
                }
            }
        }
    }

    /// <summary><c>dW = xᵀ·g</c>: the gradient of the weights given the gradient g (rows×outputs) of the outputs.</summary>
    public static void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, int inputs, int outputs)
    {
        weightGradient.Clear();
        int rows = x.Length / inputs;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> gi = outputGradient.Slice(i * outputs, outputs);
            ReadOnlySpan<float> xi = x.Slice(i * inputs, inputs);
            for (int k = 0; k < inputs; k++)
            {
                if (xi[k] != 0)
                {
                    Span<float> row = weightGradient.Slice(k * outputs, outputs);
                    TensorPrimitives.MultiplyAdd(gi, xi[k], row, row);
                }
            }
        }
    }
}
