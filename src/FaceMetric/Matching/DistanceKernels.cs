using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceMetric.Matching;

/// <summary>
/// The distance kernels behind <see cref="FaceDistance"/>, the gallery and the clusterer. Callers validate sizes;
/// these methods assume them (they are internal and never see user spans unchecked).
/// </summary>
internal static class DistanceKernels
{
    /// <summary>Rows of block A per tile: 64 x 128 floats = 32 KiB, so one A block sits in L1/L2.</summary>
    internal const int BlockRowsA = 64;

    /// <summary>Rows of block B per tile: 256 x 128 floats = 128 KiB, so a B block stays in L2 while A streams past.</summary>
    internal const int BlockRowsB = 256;

    /// <summary>
    /// A squared distance from the norm identity below <c>RefineFraction * (||a||^2 + ||b||^2)</c> is recomputed
    /// directly. The identity's float error is a few 1e-7 of <c>||a||^2 + ||b||^2</c>; dividing by <c>2 d</c> with
    /// <c>d^2</c> at least an eighth of that sum keeps the distance error under about 2e-6 for dlib-scale vectors.
    /// </summary>
    internal const float RefineFraction = 0.125f;

    /// <summary>Direct distances from <paramref name="query"/> to <paramref name="count"/> rows.</summary>
    internal static void OneToMany(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int count, Span<float> destination)
    {
        int dimension = query.Length;
        for (int i = 0; i < count; i++)
        {
            destination[i] = TensorPrimitives.Distance(query, rows.Slice(i * dimension, dimension));
        }
    }

    /// <summary>Squared L2 norm of every row: <c>norms[i] = ||row i||^2</c>.</summary>
    internal static void SquaredNorms(ReadOnlySpan<float> rows, int dimension, Span<float> norms)
    {
        int count = rows.Length / dimension;
        for (int i = 0; i < count; i++)
        {
            norms[i] = TensorPrimitives.SumOfSquares(rows.Slice(i * dimension, dimension));
        }
    }

    /// <summary>The squared distance of two vectors, computed directly (no cancellation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float DirectSquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float d = TensorPrimitives.Distance(a, b);
        return d * d;
    }

    /// <summary>
    /// Squared distances for a tile: <c>destination[i * stride + j] = ||a_i - b_j||^2</c> from the norm identity,
    /// clamped at 0; entries under <see cref="RefineFraction"/> of the norm sum are recomputed directly.
    /// </summary>
    internal static void SquaredDistanceTile(
        ReadOnlySpan<float> a, ReadOnlySpan<float> aNorms, ReadOnlySpan<float> b, ReadOnlySpan<float> bNorms,
        int dimension, Span<float> destination, int stride)
    {
        int rowsA = aNorms.Length;
        int rowsB = bNorms.Length;
        DotTile(a, rowsA, b, rowsB, dimension, destination, stride);
        for (int i = 0; i < rowsA; i++)
        {
            Span<float> row = destination.Slice(i * stride, rowsB);
            float na = aNorms[i];
            for (int j = 0; j < rowsB; j++)
            {
                float sum = na + bNorms[j];
                float d2 = sum - 2f * row[j];
                if (d2 < RefineFraction * sum)
                {
                    d2 = DirectSquaredDistance(a.Slice(i * dimension, dimension), b.Slice(j * dimension, dimension));
                }

                row[j] = d2 > 0f ? d2 : 0f;
            }
        }
    }

    /// <summary>
    /// Dot products for a tile: <c>destination[i * stride + j] = a_i . b_j</c> for <paramref name="rowsA"/> rows of A
    /// and <paramref name="rowsB"/> rows of B.
    /// </summary>
    internal static void DotTile(
        ReadOnlySpan<float> a, int rowsA, ReadOnlySpan<float> b, int rowsB, int dimension, Span<float> destination, int stride)
    {
        if (rowsA == 0 || rowsB == 0)
        {
            return;
        }

        // The unchecked loads below rely on these; a failure here is a bug in a caller inside the library.
        if (a.Length < rowsA * dimension || b.Length < rowsB * dimension || destination.Length < ((rowsA - 1) * stride) + rowsB)
        {
            throw new InvalidOperationException("Distance tile sizes are inconsistent.");
        }

        int i = 0;
        if (Vector256.IsHardwareAccelerated && dimension % Vector256<float>.Count == 0)
        {
            for (; i + 2 <= rowsA; i += 2)
            {
                int j = DotRowPairVector256(a, i, b, rowsB, dimension, destination, stride);
                for (; j < rowsB; j++)
                {
                    ReadOnlySpan<float> bj = b.Slice(j * dimension, dimension);
                    destination[(i * stride) + j] = TensorPrimitives.Dot(a.Slice(i * dimension, dimension), bj);
                    destination[((i + 1) * stride) + j] = TensorPrimitives.Dot(a.Slice((i + 1) * dimension, dimension), bj);
                }
            }
        }

        for (; i < rowsA; i++)
        {
            ReadOnlySpan<float> ai = a.Slice(i * dimension, dimension);
            Span<float> row = destination.Slice(i * stride, rowsB);
            for (int j = 0; j < rowsB; j++)
            {
                row[j] = TensorPrimitives.Dot(ai, b.Slice(j * dimension, dimension));
            }
        }
    }

    /// <summary>
    /// Register-blocked micro-kernel: rows <c>i</c> and <c>i+1</c> of A against B four rows at a time. Eight
    /// accumulators (2 x 4) stay in registers while the loop walks the dimension 8 floats at a time, so each
    /// loaded 8-float chunk of B feeds two multiply-adds and each chunk of A feeds four. Returns the first B row
    /// it did not handle (the caller finishes the last rowsB % 4 rows).
    /// </summary>
    private static int DotRowPairVector256(
        ReadOnlySpan<float> a, int i, ReadOnlySpan<float> b, int rowsB, int dimension, Span<float> destination, int stride)
    {
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        nuint dim = (nuint)dimension;
        nuint a0 = (nuint)i * dim;
        nuint a1 = a0 + dim;
        int j = 0;
        for (; j + 4 <= rowsB; j += 4)
        {
            nuint b0 = (nuint)j * dim;
            nuint b1 = b0 + dim;
            nuint b2 = b1 + dim;
            nuint b3 = b2 + dim;
            Vector256<float> s00 = Vector256<float>.Zero, s01 = Vector256<float>.Zero, s02 = Vector256<float>.Zero, s03 = Vector256<float>.Zero;
            Vector256<float> s10 = Vector256<float>.Zero, s11 = Vector256<float>.Zero, s12 = Vector256<float>.Zero, s13 = Vector256<float>.Zero;
            for (nuint k = 0; k < dim; k += (nuint)Vector256<float>.Count)
            {
                Vector256<float> x0 = Vector256.LoadUnsafe(ref aRef, a0 + k);
                Vector256<float> x1 = Vector256.LoadUnsafe(ref aRef, a1 + k);
                Vector256<float> y = Vector256.LoadUnsafe(ref bRef, b0 + k);
                s00 = Vector256.MultiplyAddEstimate(x0, y, s00);
                s10 = Vector256.MultiplyAddEstimate(x1, y, s10);
                y = Vector256.LoadUnsafe(ref bRef, b1 + k);
                s01 = Vector256.MultiplyAddEstimate(x0, y, s01);
                s11 = Vector256.MultiplyAddEstimate(x1, y, s11);
                y = Vector256.LoadUnsafe(ref bRef, b2 + k);
                s02 = Vector256.MultiplyAddEstimate(x0, y, s02);
                s12 = Vector256.MultiplyAddEstimate(x1, y, s12);
                y = Vector256.LoadUnsafe(ref bRef, b3 + k);
                s03 = Vector256.MultiplyAddEstimate(x0, y, s03);
                s13 = Vector256.MultiplyAddEstimate(x1, y, s13);
            }

            Span<float> r0 = destination.Slice((i * stride) + j, 4);
            r0[0] = Vector256.Sum(s00);
            r0[1] = Vector256.Sum(s01);
            r0[2] = Vector256.Sum(s02);
            r0[3] = Vector256.Sum(s03);
            Span<float> r1 = destination.Slice(((i + 1) * stride) + j, 4);
            r1[0] = Vector256.Sum(s10);
            r1[1] = Vector256.Sum(s11);
            r1[2] = Vector256.Sum(s12);
            r1[3] = Vector256.Sum(s13);
        }

        return j;
    }
}
