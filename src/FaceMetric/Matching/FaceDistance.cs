using System.Numerics.Tensors;
using FaceMetric.Embedding;

namespace FaceMetric.Matching;

/// <summary>
/// Euclidean distance kernels for face descriptors: one-to-one, one-to-many over a contiguous block, and
/// many-to-many as a cache-blocked matrix kernel.
/// </summary>
/// <remarks>
/// <para>Layout: a block of <c>n</c> descriptors of dimension <c>d</c> is one contiguous row-major span of
/// <c>n * d</c> floats (row <c>i</c> at <c>[i*d, (i+1)*d)</c>).</para>
/// <para>Precision: one-to-one and one-to-many compute <c>sqrt(sum((a-b)^2))</c> directly in float with
/// <see cref="TensorPrimitives"/>. Many-to-many uses <c>||a-b||^2 = ||a||^2 + ||b||^2 - 2 a.b</c> with the
/// squared norms computed once per row, clamps at 0 and takes the square root; close pairs, where that identity
/// cancels (<c>||a-b||^2 &lt; (||a||^2 + ||b||^2) / 8</c>, which covers every same-person pair of dlib descriptors),
/// are recomputed directly. For descriptors of dlib's scale (norms about 1.4 to 1.5) every result is within 1e-5
/// of the exact distance.</para>
/// <para>Requires finite values: NaN or infinity in the input gives unspecified (NaN) distances, not an
/// exception. All methods are thread-safe (they only read their inputs).</para>
/// </remarks>
public static class FaceDistance
{
    /// <summary>The Euclidean distance between two vectors of the same length.</summary>
    /// <param name="first">A vector (a descriptor's <see cref="FaceDescriptor.Values"/>, for example).</param>
    /// <param name="second">A vector of the same length, at least 1.</param>
    /// <returns>The distance, 0 or more.</returns>
    /// <exception cref="ArgumentException">The lengths differ or are 0.</exception>
    public static float Euclidean(ReadOnlySpan<float> first, ReadOnlySpan<float> second)
    {
        if (first.Length != second.Length || first.Length == 0)
        {
            throw new ArgumentException(
                $"Both vectors need the same, non-zero length; got {first.Length} and {second.Length}.", nameof(second));
        }

        return TensorPrimitives.Distance(first, second);
    }

    /// <summary>The Euclidean distance between two face descriptors (dlib's <c>length(a - b)</c>).</summary>
    /// <param name="first">A descriptor.</param>
    /// <param name="second">Another descriptor.</param>
    /// <returns>The distance, 0 or more.</returns>
    /// <exception cref="ArgumentNullException">A descriptor is null.</exception>
    public static float Euclidean(FaceDescriptor first, FaceDescriptor second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return TensorPrimitives.Distance(first.Values, second.Values);
    }

    /// <summary>
    /// Distances from one query to every row of a contiguous block: <c>destination[i] = ||query - row i||</c>.
    /// </summary>
    /// <param name="query">The query vector; its length is the dimension <c>d</c> (at least 1).</param>
    /// <param name="rows">The block: <c>n * d</c> floats, row-major. May be empty (n = 0).</param>
    /// <param name="destination">Receives the <c>n</c> distances; at least <c>n</c> long (extra entries are left untouched).</param>
    /// <exception cref="ArgumentException">
    /// The query is empty, the block's length is not a multiple of the query's, or <paramref name="destination"/> is shorter than n.
    /// </exception>
    public static void OneToMany(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, Span<float> destination)
    {
        int dimension = query.Length;
        if (dimension == 0)
        {
            throw new ArgumentException("The query vector is empty.", nameof(query));
        }

        if (rows.Length % dimension != 0)
        {
            throw new ArgumentException(
                $"The block holds {rows.Length} floats, not a whole number of rows of {dimension}.", nameof(rows));
        }

        int count = rows.Length / dimension;
        if (destination.Length < count)
        {
            throw new ArgumentException($"The destination needs {count} entries; got {destination.Length}.", nameof(destination));
        }

        DistanceKernels.OneToMany(query, rows, count, destination);
    }

    /// <summary>
    /// All pairwise distances between two blocks: <c>destination[i * m + j] = ||first row i - second row j||</c>,
    /// computed by a cache-blocked kernel (see the class remarks for the precision guarantee).
    /// </summary>
    /// <param name="first">Block A: <c>n * dimension</c> floats, row-major.</param>
    /// <param name="second">Block B: <c>m * dimension</c> floats, row-major (may be the same memory as A).</param>
    /// <param name="dimension">The length of every row, at least 1 (128 for face descriptors).</param>
    /// <param name="destination">Receives the <c>n * m</c> distances, row-major; at least that long.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">
    /// A block's length is not a multiple of <paramref name="dimension"/>, or <paramref name="destination"/> is too short.
    /// </exception>
    public static void ManyToMany(ReadOnlySpan<float> first, ReadOnlySpan<float> second, int dimension, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (first.Length % dimension != 0)
        {
            throw new ArgumentException($"Block A holds {first.Length} floats, not a whole number of rows of {dimension}.", nameof(first));
        }

        if (second.Length % dimension != 0)
        {
            throw new ArgumentException($"Block B holds {second.Length} floats, not a whole number of rows of {dimension}.", nameof(second));
        }

        int n = first.Length / dimension;
        int m = second.Length / dimension;
        long needed = (long)n * m;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"The destination needs {needed} entries; got {destination.Length}.", nameof(destination));
        }

        if (n == 0 || m == 0)
        {
            return;
        }

        float[] firstNorms = new float[n];
        float[] secondNorms = new float[m];
        DistanceKernels.SquaredNorms(first, dimension, firstNorms);
        DistanceKernels.SquaredNorms(second, dimension, secondNorms);

        for (int i0 = 0; i0 < n; i0 += DistanceKernels.BlockRowsA)
        {
            int rowsA = Math.Min(DistanceKernels.BlockRowsA, n - i0);
            ReadOnlySpan<float> blockA = first.Slice(i0 * dimension, rowsA * dimension);
            for (int j0 = 0; j0 < m; j0 += DistanceKernels.BlockRowsB)
            {
                int rowsB = Math.Min(DistanceKernels.BlockRowsB, m - j0);
                ReadOnlySpan<float> blockB = second.Slice(j0 * dimension, rowsB * dimension);
                Span<float> tile = destination.Slice(i0 * m + j0);
                DistanceKernels.SquaredDistanceTile(
                    blockA, firstNorms.AsSpan(i0, rowsA), blockB, secondNorms.AsSpan(j0, rowsB), dimension, tile, m);
                for (int i = 0; i < rowsA; i++)
                {
                    Span<float> row = tile.Slice(i * m, rowsB);
                    TensorPrimitives.Sqrt(row, row);
                }
            }
        }
    }
}
