using System.Numerics.Tensors;

namespace FaceMetric.Metric;

/// <summary>
/// dlib's metric-learning loss (<c>dlib::loss_metric_</c>, the loss the face recognition ResNet was trained with):
/// pairs of the same identity are pulled within <c>threshold − margin</c>, pairs of different identities are pushed
/// beyond <c>threshold + margin</c>, and only the hardest non-matching pairs count (as many as there are matching
/// pairs), so that the two kinds stay balanced.
/// </summary>
/// <remarks>
/// <para>
/// The arithmetic replicates dlib 19.24's <c>compute_loss_value_and_gradient</c> operation by operation: squared
/// distances <c>xx + yy − 2·xy</c> in float from the Gram matrix, clamped at 0; <c>scale = 0.5/(P + 0.0001)</c> in
/// double, P the number of matching unordered pairs; the hard-negative cut
/// <c>(float)sqrt(sorted negative d²[min(P, N) − 1])</c> taken over the upper triangle; a matching pair is active
/// when <c>!(d &lt; t − m)</c>, a non-matching pair when <c>!(d &gt; t + m || d &gt; cut)</c>, so every pair tied
/// with the cut is active (there can be more than min(P, N) of them); loss terms in double, accumulated in dlib's
/// loop order with a fused multiply-add (<c>loss += scale·term</c> as the reference build of dlib compiles it); the gradient
/// coefficients (dlib's <c>grad_mul</c>) in float, with distances below 0.001 clamped for non-matching pairs; and
/// the gradient <c>grad_mul · embeddings</c>.
/// </para>
/// <para>
/// <b>The gradient is exactly half the derivative of the returned loss value.</b> The loss loops over ordered pairs,
/// so every unordered pair contributes twice, once as (r, c) and once as (c, r); but row r of the gradient only
/// receives the (r, c) terms, i.e. the derivative of one of the two copies. dlib trains with this gradient (the
/// factor ½ acts as a learning-rate scale), and this port keeps it so that dlib's training recipes carry over.
/// </para>
/// <para>
/// One deliberate difference: dlib computes the Gram matrix with a BLAS <c>sgemm</c>, whose result is not exactly
/// symmetric (the two mirrored dot products may differ in the last bits), so a pair lying exactly on the cut can be
/// active in one direction only. This port computes each dot product once and mirrors it, which is what dlib
/// computes on any BLAS whose Gram happens to be symmetric. Given the same Gram matrix, the loss is bit-identical to
/// dlib's; otherwise the float rounding of the Gram (about 1e-6 on a distance) moves the loss by a few 1e-7.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class MetricLoss
{
    /// <summary>dlib's default margin, 0.04.</summary>
    public const float DefaultMargin = 0.04f;

    /// <summary>dlib's default distance threshold, 0.6: the face recognition network's decision threshold.</summary>
    public const float DefaultDistanceThreshold = 0.6f;

    /// <summary>The largest batch this implementation accepts (its n×n buffers must fit an array).</summary>
    public const int MaxBatchSize = 46340;

    /// <summary>dlib's floor on the distance of a non-matching pair when dividing by it.</summary>
    private const float MinNegativeDistance = 0.001f;

    /// <summary>Creates the loss with dlib's defaults: margin 0.04, distance threshold 0.6.</summary>
    public MetricLoss()
        : this(DefaultMargin, DefaultDistanceThreshold)
    {
    }

    /// <summary>Creates the loss with the given margin and distance threshold.</summary>
    /// <param name="margin">Half-width of the dead zone around the threshold; finite and &gt; 0.</param>
    /// <param name="distanceThreshold">The decision distance; finite and greater than <paramref name="margin"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A value is not finite, not positive, or <paramref name="margin"/> ≥ <paramref name="distanceThreshold"/>.
    /// dlib only asks both to be positive; a margin at or above the threshold would make every matching pair
    /// active, including identical samples, whose zero distance dlib then divides by.
    /// </exception>
    public MetricLoss(float margin, float distanceThreshold)
    {
        if (!float.IsFinite(margin) || margin <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be finite and positive.");
        }

        if (!float.IsFinite(distanceThreshold) || distanceThreshold <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(distanceThreshold), distanceThreshold, "The distance threshold must be finite and positive.");
        }

        if (margin >= distanceThreshold)
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, $"The margin must be smaller than the distance threshold ({distanceThreshold}).");
        }

        Margin = margin;
        DistanceThreshold = distanceThreshold;
    }

    /// <summary>The margin m: matching pairs are pulled within t − m, non-matching pairs pushed beyond t + m.</summary>
    public float Margin { get; }

    /// <summary>The distance threshold t.</summary>
    public float DistanceThreshold { get; }

    /// <summary>
    /// Computes the loss of a mini-batch and its gradient with respect to the embeddings, allocating scratch memory
    /// for this call only.
    /// </summary>
    /// <inheritdoc cref="ComputeLossAndGradient(ReadOnlySpan{float}, int, ReadOnlySpan{int}, Span{float}, MetricLossWorkspace)"/>
    public double ComputeLossAndGradient(ReadOnlySpan<float> embeddings, int dimension, ReadOnlySpan<int> labels, Span<float> gradient) =>
        ComputeLossAndGradient(embeddings, dimension, labels, gradient, new MetricLossWorkspace());

    /// <summary>Computes the loss of a mini-batch and dlib's gradient with respect to the embeddings.</summary>
    /// <param name="embeddings">n×<paramref name="dimension"/> finite floats, row-major: one embedding per row.</param>
    /// <param name="dimension">Length of each embedding; &gt; 0.</param>
    /// <param name="labels">n identity labels, compared for equality only.</param>
    /// <param name="gradient">
    /// Receives n×<paramref name="dimension"/> floats: row r is dlib's <c>d loss / d embedding r</c>, which is half the
    /// true derivative of the returned value (see the type's remarks). Must not overlap <paramref name="embeddings"/>.
    /// </param>
    /// <param name="workspace">Scratch buffers, reused across calls; grown when the batch is larger than before.</param>
    /// <returns>The loss value, ≥ 0 (0 when every matching pair is within t − m and every hard negative beyond t + m).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="workspace"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Sizes disagree, the batch is empty or larger than <see cref="MaxBatchSize"/>, a value is not finite, or the
    /// gradient overlaps the embeddings.
    /// </exception>
    /// <exception cref="MetricBatchException">The batch has no matching pair or no non-matching pair.</exception>
    internal double ComputeLossAndGradient(
        ReadOnlySpan<float> embeddings,
        int dimension,
        ReadOnlySpan<int> labels,
        Span<float> gradient,
        MetricLossWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        int n = ValidateBatch(embeddings, dimension, labels, gradient);
        workspace.EnsureCapacity(n, dimension);
        Span<float> pairwise = workspace.Pairwise.AsSpan(0, n * n);
        ComputeGram(embeddings, n, dimension, pairwise, workspace.Transposed.AsSpan(0, n * dimension));
        return ComputeFromGram(embeddings, n, dimension, labels, gradient, workspace);
    }

    /// <summary>
    /// The same computation on a Gram matrix supplied by the caller (n×n, row-major, not necessarily symmetric), as
    /// dlib reads it: used by the tests to feed dlib's own <c>sgemm</c> Gram and reproduce its decisions bit for bit.
    /// </summary>
    internal double ComputeLossAndGradientFromGram(
        ReadOnlySpan<float> embeddings,
        int dimension,
        ReadOnlySpan<int> labels,
        ReadOnlySpan<float> gram,
        Span<float> gradient,
        MetricLossWorkspace workspace)
    {
        int n = ValidateBatch(embeddings, dimension, labels, gradient);
        if (gram.Length != n * n)
        {
            throw new ArgumentException($"The Gram matrix must hold {n}×{n} values; got {gram.Length}.", nameof(gram));
        }

        workspace.EnsureCapacity(n, dimension);
        gram.CopyTo(workspace.Pairwise);
        return ComputeFromGram(embeddings, n, dimension, labels, gradient, workspace);
    }

    private static int ValidateBatch(ReadOnlySpan<float> embeddings, int dimension, ReadOnlySpan<int> labels, Span<float> gradient)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (embeddings.IsEmpty || embeddings.Length % dimension != 0)
        {
            throw new ArgumentException(
                $"The embeddings must be a non-empty n×{dimension} matrix; got {embeddings.Length} values.", nameof(embeddings));
        }

        int n = embeddings.Length / dimension;
        if (n > MaxBatchSize)
        {
            throw new ArgumentException($"A batch holds at most {MaxBatchSize} samples; got {n}.", nameof(embeddings));
        }

        if (labels.Length != n)
        {
            throw new ArgumentException($"Expected {n} labels, one per embedding; got {labels.Length}.", nameof(labels));
        }

        if (gradient.Length != embeddings.Length)
        {
            throw new ArgumentException($"The gradient must hold {embeddings.Length} values; got {gradient.Length}.", nameof(gradient));
        }

        if (embeddings.Overlaps(gradient))
        {
            throw new ArgumentException("The gradient must not overlap the embeddings.", nameof(gradient));
        }

        if (!TensorPrimitives.IsFiniteAll(embeddings))
        {
            int bad = TensorPrimitives.IndexOfMaxMagnitude(embeddings);
            throw new ArgumentException(
                $"Every embedding value must be finite; sample {bad / dimension} holds {embeddings[bad]}.", nameof(embeddings));
        }

        return n;
    }

    /// <summary>
    /// The Gram matrix <c>E·Eᵀ</c>, each entry as one sequential chain of fused multiply-adds over the dimensions,
    /// <c>acc = fma(x[k], y[k], acc)</c> for k = 0, 1, …, vectorised across the columns of a row.
    /// </summary>
    /// <remarks>
    /// Why this order: it is the order of OpenBLAS's sgemm micro-kernels for most tiles of dlib's Gram (measured on
    /// the reference batches: most entries agree bit for bit), so the float noise of <c>xx + yy − 2·xy</c> largely
    /// matches dlib's; the result does not depend on the SIMD width of the machine (every entry is the same scalar
    /// chain whatever the vector length); and it is exactly symmetric (fma(x, y, a) == fma(y, x, a)), so only the
    /// upper triangle is computed and mirrored.
    /// </remarks>
    private static void ComputeGram(ReadOnlySpan<float> embeddings, int n, int dimension, Span<float> gram, Span<float> transposed)
    {
        for (int r = 0; r < n; r++)
        {
            for (int k = 0; k < dimension; k++)
            {
                transposed[(k * n) + r] = embeddings[(r * dimension) + k];
            }
        }

        for (int r = 0; r < n; r++)
        {
            // Upper part of row r: columns r..n-1.
            Span<float> acc = gram.Slice((r * n) + r, n - r);
            acc.Clear();
            ReadOnlySpan<float> x = embeddings.Slice(r * dimension, dimension);
            for (int k = 0; k < dimension; k++)
            {
                TensorPrimitives.FusedMultiplyAdd(transposed.Slice((k * n) + r, n - r), x[k], acc, acc);
            }

            for (int c = r + 1; c < n; c++)
            {
                gram[(c * n) + r] = gram[(r * n) + c];
            }
        }
    }

    /// <summary>dlib's two loops, on the Gram matrix already in <see cref="MetricLossWorkspace.Pairwise"/>.</summary>
    private double ComputeFromGram(
        ReadOnlySpan<float> embeddings,
        int n,
        int dimension,
        ReadOnlySpan<int> labels,
        Span<float> gradient,
        MetricLossWorkspace workspace)
    {
        Span<float> pairwise = workspace.Pairwise.AsSpan(0, n * n);
        Span<float> squaredNorms = workspace.SquaredNorms.AsSpan(0, n);
        Span<float> row = workspace.Row.AsSpan(0, n);

        // Squared distances, row by row, in dlib's float order: (xx + yy) − (2·xy), then clamped at 0. Each
        // operation is a separate, exactly rounded float operation (no fused multiply-add), as in dlib's C++.
        for (int r = 0; r < n; r++)
        {
            squaredNorms[r] = pairwise[(r * n) + r];
        }

        for (int r = 0; r < n; r++)
        {
            Span<float> d2 = pairwise.Slice(r * n, n);
            TensorPrimitives.Add(squaredNorms, squaredNorms[r], row); // yy + xx == xx + yy exactly
            TensorPrimitives.Multiply(d2, 2f, d2);                     // 2·xy, exact
            TensorPrimitives.Subtract(row, d2, d2);
            TensorPrimitives.Max(d2, 0f, d2);
        }

        // First loop: count pairs over the upper triangle and collect the non-matching squared distances.
        long positivePairs = 0;
        int negativePairs = 0;
        Span<float> negatives = workspace.NegativeSquaredDistances;
        for (int r = 0; r < n; r++)
        {
            int label = labels[r];
            for (int c = r + 1; c < n; c++)
            {
                if (labels[c] == label)
                {
                    positivePairs++;
                }
                else
                {
                    negatives[negativePairs++] = pairwise[(r * n) + c];
                }
            }
        }

        if (positivePairs == 0 || negativePairs == 0)
        {
            throw new MetricBatchException(positivePairs, negativePairs);
        }

        // dlib counts in doubles that start at 0.0001 and are incremented one by one; replaying the increments keeps
        // scale and the cut index bit-identical to dlib's (adding P at once can round differently in the last bit).
        double numPos = 0.0001;
        for (long i = 0; i < positivePairs; i++)
        {
            numPos++;
        }

        double numNeg = 0.0001;
        for (int i = 0; i < negativePairs; i++)
        {
            numNeg++;
        }

        double scale = 0.5 / numPos;
        int cutIndex = (int)(Math.Min(numPos, numNeg) - 1); // truncation, as dlib's conversion to an index

        // dlib sorts all negative d² and reads index cutIndex; the k-th smallest value is the same whatever the
        // algorithm, so a selection (linear time on average) replaces the sort.
        float negativeCut = (float)Math.Sqrt(Selection.KthSmallest(negatives[..negativePairs], cutIndex));

        // Distances: sqrt of the clamped squared distances (0 stays 0), correctly rounded as sqrtf.
        TensorPrimitives.Sqrt(pairwise, pairwise);

        float positiveLimit = DistanceThreshold - Margin;  // float, as dlib's dist_thresh - margin
        float negativeLimit = DistanceThreshold + Margin;  // float, as dlib's dist_thresh + margin
        Span<float> weights = workspace.GradientWeights.AsSpan(0, n * n);
        double loss = 0;

        // Second loop, over ordered pairs, in dlib's order (the double sum of the loss depends on it).
        for (int r = 0; r < n; r++)
        {
            int rowStart = r * n;
            int diagonal = rowStart + r;
            weights[diagonal] = 0;
            int label = labels[r];
            for (int c = 0; c < n; c++)
            {
                if (c == r)
                {
                    continue;
                }

                float d = pairwise[rowStart + c];
                if (labels[c] == label)
                {
                    if (d < positiveLimit)
                    {
                        weights[rowStart + c] = 0;
                    }
                    else
                    {
                        loss = Math.FusedMultiplyAdd(scale, d - positiveLimit, loss);
                        weights[diagonal] = (float)(weights[diagonal] + (scale / d));
                        weights[rowStart + c] = (float)(-scale / d);
                    }
                }
                else if (d > negativeLimit || d > negativeCut)
                {
                    weights[rowStart + c] = 0;
                }
                else
                {
                    loss = Math.FusedMultiplyAdd(scale, negativeLimit - d, loss);
                    float clamped = d < MinNegativeDistance ? MinNegativeDistance : d;
                    weights[diagonal] = (float)(weights[diagonal] - (scale / clamped));
                    weights[rowStart + c] = (float)(scale / clamped);
                }
            }
        }

        // gradient = grad_mul · embeddings, skipping the (many) zero coefficients.
        for (int r = 0; r < n; r++)
        {
            Span<float> g = gradient.Slice(r * dimension, dimension);
            g.Clear();
            ReadOnlySpan<float> coefficients = weights.Slice(r * n, n);
            for (int c = 0; c < n; c++)
            {
                float w = coefficients[c];
                if (w != 0)
                {
                    TensorPrimitives.MultiplyAdd(embeddings.Slice(c * dimension, dimension), w, g, g);
                }
            }
        }

        return loss;
    }
}
