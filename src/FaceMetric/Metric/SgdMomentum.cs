using System.Numerics.Tensors;

namespace FaceMetric.Metric;

/// <summary>
/// dlib's <c>sgd</c> solver: <c>v = momentum·v − weight_decay·lr·W − lr·grad</c>, then <c>W += v</c>, with the
/// coefficients rounded to float as dlib's <c>tt::affine_transform</c> receives them. The velocity starts at 0.
/// </summary>
internal sealed class SgdMomentum(int parameterCount, double momentum, double weightDecay)
{
    private readonly float[] _velocity = new float[parameterCount];

    /// <summary>Applies one step to <paramref name="weights"/> in place.</summary>
    public void Step(Span<float> weights, ReadOnlySpan<float> gradient, double learningRate)
    {
        Span<float> v = _velocity;
        TensorPrimitives.Multiply(v, (float)momentum, v);
        TensorPrimitives.MultiplyAdd(weights, (float)(-weightDecay * learningRate), v, v);
        TensorPrimitives.MultiplyAdd(gradient, (float)(-learningRate), v, v);
        TensorPrimitives.Add(weights, v, weights);
    }
}
