using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// dlib's <c>extract_fhog_features</c> (cell size &gt; 1, RGB input) bit for bit as dlib 19.24 compiles it for x86-64
/// (SSE2), after Felzenszwalb et al.'s voc-release features: per pixel the gradient of the colour channel with the
/// largest gradient, snapped to 18 orientations, voted bilinearly into 8 x 8 cells; each cell normalised by its four
/// 2 x 2 block energies (truncated at 0.2), giving 18 contrast-sensitive, 9 contrast-insensitive and 4 texture values.
/// </summary>
/// <remarks>
/// dlib computes most columns eight at a time and the rest one at a time, and the two code paths round differently
/// (the order of three products, which channel wins a tie). Each is reproduced on the columns where dlib uses it, so
/// the features match dlib's to the last bit, and with them the detection scores. Wider vectors change none of that:
/// with AVX-512 two of dlib's eight-column groups are one <see cref="Vector512{T}"/> (the same operations per column,
/// each histogram bin getting its votes in dlib's order, accumulated in registers), and the block normalisation takes eight cells at a time,
/// one per lane, with dlib's four SSE lanes as four vectors.
/// </remarks>
internal static class FhogExtractor
{
    private const int Bins = 18;

    private static readonly float[] DirX = [1.0000f, 0.9397f, 0.7660f, 0.500f, 0.1736f, -0.1736f, -0.5000f, -0.7660f, -0.9397f];
    private static readonly Vector256<int> Lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);

    private static readonly float[] DirY = [0.0000f, 0.3420f, 0.6428f, 0.8660f, 0.9848f, 0.9848f, 0.8660f, 0.6428f, 0.3420f];

    /// <summary>Extracts the features of <paramref name="image"/> with the given cell size and filter padding.</summary>
    /// <returns>The features, or an empty result when the image is smaller than three cells in a direction.</returns>
    /// <remarks>With <paramref name="pool"/> the planes come from it (see <see cref="FhogFeatures.ReturnPlanes"/>), and so
    /// do the work buffers; without, the planes are allocated.</remarks>
    public static FhogFeatures Extract(RgbRaster image, int cellSize, int filterRowsPadding, int filterColsPadding, HogBuffers? pool = null) =>
        Extract(image.Width, image.Height, cellSize, filterRowsPadding, filterColsPadding, pool,
            (hist, histCols, visibleNr, visibleNc) => AccumulateHistograms(image, 0, 1, visibleNr, cellSize, visibleNc, hist, histCols));

    /// <summary>
    /// Adds the gradient votes of an image's rows to its cells' histograms: called once with the cleared histograms
    /// (<paramref name="histCols"/> cells of 18 bins a row, with a border of one cell), for the rows 1 to
    /// <paramref name="visibleNr"/> - 1 and columns 1 to <paramref name="visibleNc"/> - 1, which vote.
    /// </summary>
    public delegate void HistogramFill(Span<float> hist, int histCols, int visibleNr, int visibleNc);

    /// <summary>
    /// The features of a <paramref name="nc"/> x <paramref name="nr"/> image whose histograms <paramref name="fill"/>
    /// accumulates (from the whole image, or band by band with <see cref="AccumulateHistograms"/>).
    /// </summary>
    public static FhogFeatures Extract(int nc, int nr, int cellSize, int filterRowsPadding, int filterColsPadding, HogBuffers? pool, HistogramFill fill)
    {
        int cellsNr = (int)(((float)nr / cellSize) + 0.5);
        int cellsNc = (int)(((float)nc / cellSize) + 0.5);
        if (cellsNr == 0 || cellsNc == 0)
        {
            return new FhogFeatures(0, 0);
        }

        int hogNr = Math.Max(cellsNr - 2, 0), hogNc = Math.Max(cellsNc - 2, 0);
        if (hogNr == 0 || hogNc == 0)
        {
            return new FhogFeatures(0, 0);
        }

        int histCols = cellsNc + 2;

        // The histograms and block energies are work space only: taken from the pool when there is one (the histograms
        // cleared, the energies all written before they are read) and given back.
        int histLength = (cellsNr + 2) * histCols * Bins;
        HogBlock<float>? histBlock = pool?.Rent<float>(histLength), normBlock = pool?.Rent<float>(cellsNr * cellsNc);
        try
        {
            Span<float> hist = histBlock is null ? new float[histLength] : histBlock.Span;
            Span<float> norm = normBlock is null ? new float[cellsNr * cellsNc] : normBlock.Span;
            hist.Clear();
            fill(hist, histCols, Math.Min(cellsNr * cellSize, nr) - 1, Math.Min(cellsNc * cellSize, nc) - 1);

            for (int r = 0; r < cellsNr; r++)
            {
                for (int c = 0; c < cellsNc; c++)
                {
                    int h = (((r + 1) * histCols) + c + 1) * Bins;
                    float n = 0;
                    for (int o = 0; o < 9; o++)
                    {
                        float s = hist[h + o] + hist[h + o + 9];
                        n += s * s;
                    }

                    norm[(r * cellsNc) + c] = n;
                }
            }

            int rowOffset = (filterRowsPadding - 1) / 2, colOffset = (filterColsPadding - 1) / 2;
            var result = new FhogFeatures(hogNr + filterRowsPadding - 1, hogNc + filterColsPadding - 1, pool, rowOffset, colOffset, hogNr, hogNc);
            Normalise(hist, histCols, norm, cellsNc, hogNr, hogNc, rowOffset, colOffset, result);
            return result;
        }
        finally
        {
            if (pool is not null)
            {
                pool.Return(histBlock!);
                pool.Return(normBlock!);
            }
        }
    }

    /// <summary>
    /// The votes of image rows <paramref name="yFrom"/> to <paramref name="yTo"/> - 1 added to the histograms, in dlib's
    /// order. <paramref name="band"/> holds the image's rows from <paramref name="bandTop"/> on, at least rows
    /// <paramref name="yFrom"/> - 1 to <paramref name="yTo"/> (each row's gradient uses the rows above and below); called
    /// for consecutive ranges of rows, the histograms are those of one call over them all, bit for bit.
    /// </summary>
    public static void AccumulateHistograms(RgbRaster band, int bandTop, int yFrom, int yTo, int cellSize, int visibleNc, Span<float> hist, int histCols)
    {
        if (yFrom >= yTo)
        {
            return;
        }

        RgbRaster image = band;
        ReadOnlySpan<byte> px = image.Pixels;
        int stride = image.Stride;
        float cell = cellSize;
        Span<float> votes = stackalloc float[64];
        Span<int> bins = stackalloc int[16];
        ref float vote = ref MemoryMarshal.GetReference(votes);
        ref int bin = ref MemoryMarshal.GetReference(bins);

        // A row's votes and bins for the sixteen-wide path (four vote planes of width + 16 floats).
        float[] rowVotes = ArrayPool<float>.Shared.Rent(4 * (image.Width + 16));
        float[] rowBins = ArrayPool<float>.Shared.Rent(image.Width + 16);
        ref float rowVote = ref MemoryMarshal.GetArrayDataReference(rowVotes);
        ref float rowBin = ref MemoryMarshal.GetArrayDataReference(rowBins);
        ref float hs = ref MemoryMarshal.GetReference(hist);
        int rowStep = histCols * Bins;

        // Planar int copies of the three rows around y (a ring of three; channel ch of a row at ch * width), for the
        // vector gradients.
        int width = image.Width;
        int[][] planes = [ArrayPool<int>.Shared.Rent(3 * width), ArrayPool<int>.Shared.Rent(3 * width), ArrayPool<int>.Shared.Rent(3 * width)];
        ToPlanar(px, stride, yFrom - 1 - bandTop, width, planes[(yFrom - 1) % 3]);
        ToPlanar(px, stride, yFrom - bandTop, width, planes[yFrom % 3]);

        // What the eight-wide path computes from the column alone, the same on every row: the cell a column votes into
        // (ixp) and its weights towards that cell and the next (vx1, vx0), dlib's float operations.
        int columns = Math.Max(visibleNc, 0) + 8;
        var columnCell = new int[columns];
        var columnVx0 = new float[columns];
        var columnVx1 = new float[columns];
        for (int x = 1; x < visibleNc - 7; x += 8)
        {
            Vector256<float> xs = Vector256.ConvertToSingle(Vector256.Create(x) + Lanes);
            Vector256<float> xp = ((xs + Vector256.Create(0.5f)) / Vector256.Create(cell)) + Vector256.Create(0.5f);
            Vector256<int> ixp = Vector256.ConvertToInt32(xp);
            Vector256<float> vx0 = xp - Vector256.ConvertToSingle(ixp);
            ixp.CopyTo(columnCell, x - 1);
            vx0.CopyTo(columnVx0, x - 1);
            (Vector256.Create(1.0f) - vx0).CopyTo(columnVx1, x - 1);
        }

        ref int cc = ref MemoryMarshal.GetArrayDataReference(columnCell);
        ref float cv0 = ref MemoryMarshal.GetArrayDataReference(columnVx0);
        ref float cv1 = ref MemoryMarshal.GetArrayDataReference(columnVx1);
        for (int y = yFrom; y < yTo; y++)
        {
            ToPlanar(px, stride, y + 1 - bandTop, width, planes[(y + 1) % 3]);
            ref int above = ref MemoryMarshal.GetArrayDataReference(planes[(y - 1) % 3]);
            ref int here = ref MemoryMarshal.GetArrayDataReference(planes[y % 3]);
            ref int below = ref MemoryMarshal.GetArrayDataReference(planes[(y + 1) % 3]);
            float yp = (float)((((double)(float)y) + 0.5) / cell - 0.5);
            int iyp = (int)MathF.Floor(yp);
            float vy0 = yp - iyp;
            float vy1 = (float)(1.0 - vy0);
            int row0 = (iyp + 1) * histCols, row1 = (iyp + 2) * histCols;
            Vector256<float> vy0v = Vector256.Create(vy0), vy1v = Vector256.Create(vy1);
            Vector256<int> row0Bins = Vector256.Create(row0);
            int x = 1;

            // Two of dlib's eight-column groups at once where AVX-512 allows: one Vector512 lane per column, the same
            // operations per lane, the votes added lane by lane in the order the two groups would add them.
            if (Vector512.IsHardwareAccelerated)
            {
                x = WideRow(ref above, ref here, ref below, width, visibleNc, ref cc, ref cv0, ref cv1, vy0, vy1, row0, ref hs, rowStep, ref rowVote, ref rowBin);
            }

            // dlib's eight-wide path: one Vector256 lane per column, the same float operations as dlib's simd8f.
            for (; x < visibleNc - 7; x += 8)
            {
                GradientWide(ref above, ref here, ref below, width, x, out Vector256<int> gxi, out Vector256<int> gyi, out Vector256<int> leni);
                Vector256<float> gx = Vector256.ConvertToSingle(gxi);
                Vector256<float> gy = Vector256.ConvertToSingle(gyi);
                Vector256<float> v = Vector256.Sqrt(Vector256.ConvertToSingle(leni));
                Vector256<int> ixp = Vector256.LoadUnsafe(ref cc, (nuint)(x - 1));
                Vector256<float> vx0 = Vector256.LoadUnsafe(ref cv0, (nuint)(x - 1));
                Vector256<float> vx1 = Vector256.LoadUnsafe(ref cv1, (nuint)(x - 1));
                Vector256<float> bestDot = Vector256<float>.Zero, bestO = Vector256<float>.Zero;
                for (int o = 0; o < 9; o++)
                {
                    Vector256<float> dot = (gx * Vector256.Create(DirX[o])) + (gy * Vector256.Create(DirY[o]));
                    Vector256<float> better = Vector256.GreaterThan(dot, bestDot);
                    bestDot = Vector256.ConditionalSelect(better, dot, bestDot);
                    bestO = Vector256.ConditionalSelect(better, Vector256.Create((float)o), bestO);
                    dot *= Vector256.Create(-1f);
                    better = Vector256.GreaterThan(dot, bestDot);
                    bestDot = Vector256.ConditionalSelect(better, dot, bestDot);
                    bestO = Vector256.ConditionalSelect(better, Vector256.Create((float)(o + 9)), bestO);
                }

                vx1 *= v;
                vx0 *= v;
                (vy1v * vx1).StoreUnsafe(ref vote);
                (vy0v * vx1).StoreUnsafe(ref vote, 8);
                (vy1v * vx0).StoreUnsafe(ref vote, 16);
                (vy0v * vx0).StoreUnsafe(ref vote, 24);

                // Index of (row iyp + 1, cell ixp, bin) per lane; the other three votes are one row and/or one cell on.
                (((row0Bins + ixp) * Vector256.Create(Bins)) + Vector256.ConvertToInt32(bestO)).StoreUnsafe(ref bin);
                for (int k = 0; k < 8; k++)
                {
                    int at = Unsafe.Add(ref bin, k);
                    Unsafe.Add(ref hs, at) += Unsafe.Add(ref vote, k);
                    Unsafe.Add(ref hs, at + rowStep) += Unsafe.Add(ref vote, 8 + k);
                    Unsafe.Add(ref hs, at + Bins) += Unsafe.Add(ref vote, 16 + k);
                    Unsafe.Add(ref hs, at + rowStep + Bins) += Unsafe.Add(ref vote, 24 + k);
                }
            }

            // dlib's one-at-a-time path for the columns left over.
            for (; x < visibleNc; x++)
            {
                GradientNarrow(px, stride, y - bandTop, x, out int gxi, out int gyi, out int len);
                float gx = gxi, gy = gyi;
                float bestDot = 0;
                int bestO = 0;
                for (int o = 0; o < 9; o++)
                {
                    float dot = (DirX[o] * gx) + (DirY[o] * gy);
                    if (dot > bestDot)
                    {
                        bestDot = dot;
                        bestO = o;
                    }
                    else if (-dot > bestDot)
                    {
                        bestDot = -dot;
                        bestO = o + 9;
                    }
                }

                float v = MathF.Sqrt(len);
                float xp = (float)((((double)x) + 0.5) / cellSize - 0.5);
                int ixp = (int)MathF.Floor(xp);
                float vx0 = xp - ixp;
                float vx1 = (float)(1.0 - vx0);
                hist[((row0 + ixp + 1) * Bins) + bestO] += vy1 * vx1 * v;
                hist[((row1 + ixp + 1) * Bins) + bestO] += vy0 * vx1 * v;
                hist[((row0 + ixp + 2) * Bins) + bestO] += vy1 * vx0 * v;
                hist[((row1 + ixp + 2) * Bins) + bestO] += vy0 * vx0 * v;
            }
        }

        ArrayPool<float>.Shared.Return(rowVotes);
        ArrayPool<float>.Shared.Return(rowBins);
        foreach (int[] plane in planes)
        {
            ArrayPool<int>.Shared.Return(plane);
        }
    }

    /// <summary>
    /// Row <paramref name="y"/> as three int planes (R, G, B, one after another); with AVX-512 VBMI sixteen pixels at a
    /// time (one byte permute splits them into channels, which widen to ints).
    /// </summary>
    private static void ToPlanar(ReadOnlySpan<byte> px, int stride, int y, int width, int[] rgb)
    {
        ref byte row = ref MemoryMarshal.GetReference(px);
        ref int r = ref MemoryMarshal.GetArrayDataReference(rgb);
        int start = y * stride;
        int x = 0;
        if (Avx512Vbmi.IsSupported)
        {
            Vector512<byte> split = Vector512.Create(
                (byte)0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45,
                1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46,
                2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35, 38, 41, 44, 47,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

            // Sixty-four bytes are read for forty-eight: stop where that would leave the image.
            for (; x + 16 <= width && start + (3 * x) + 64 <= px.Length; x += 16)
            {
                Vector512<byte> channels = Avx512Vbmi.PermuteVar64x8(Vector512.LoadUnsafe(ref row, (nuint)(start + (3 * x))), split);
                Avx512F.ConvertToVector512Int32(channels.GetLower().GetLower()).StoreUnsafe(ref r, (nuint)x);
                Avx512F.ConvertToVector512Int32(channels.GetLower().GetUpper()).StoreUnsafe(ref r, (nuint)(width + x));
                Avx512F.ConvertToVector512Int32(channels.GetUpper().GetLower()).StoreUnsafe(ref r, (nuint)((2 * width) + x));
            }
        }

        for (; x < width; x++)
        {
            int i = start + (3 * x);
            Unsafe.Add(ref r, x) = Unsafe.Add(ref row, i);
            Unsafe.Add(ref r, width + x) = Unsafe.Add(ref row, i + 1);
            Unsafe.Add(ref r, (2 * width) + x) = Unsafe.Add(ref row, i + 2);
        }
    }

    /// <summary>
    /// A row's columns from 1 on, sixteen at a time (two of dlib's eight-column groups) while both groups fit: one
    /// Vector512 lane per column, the same operations per lane (the orientation snapped by <see cref="Orientation512"/>);
    /// the row's votes and bins are kept and then added by <see cref="AddVotes"/>, in the order dlib adds them. Returns
    /// the first column not done.
    /// </summary>
    private static int WideRow(ref int above, ref int here, ref int below, int width, int visibleNc, ref int cc, ref float cv0, ref float cv1,
        float vy0, float vy1, int row0, ref float hs, int rowStep, ref float vote, ref float bin)
    {
        Vector512<float> vy0w = Vector512.Create(vy0), vy1w = Vector512.Create(vy1);
        int plane = width + 16;
        int x = 1;
        for (; x < visibleNc - 15; x += 16)
        {
            GradientWide512(ref above, ref here, ref below, width, x, out Vector512<int> gxi, out Vector512<int> gyi, out Vector512<int> leni);
            Vector512<float> gx = Vector512.ConvertToSingle(gxi);
            Vector512<float> gy = Vector512.ConvertToSingle(gyi);
            Vector512<float> v = Vector512.Sqrt(Vector512.ConvertToSingle(leni));
            Vector512<float> vx0 = Vector512.LoadUnsafe(ref cv0, (nuint)(x - 1));
            Vector512<float> vx1 = Vector512.LoadUnsafe(ref cv1, (nuint)(x - 1));
            Vector512<float> bestO = Orientation512(gx, gy);
            vx1 *= v;
            vx0 *= v;
            (vy1w * vx1).StoreUnsafe(ref vote, (nuint)(x - 1));
            (vy0w * vx1).StoreUnsafe(ref vote, (nuint)(plane + x - 1));
            (vy1w * vx0).StoreUnsafe(ref vote, (nuint)((2 * plane) + x - 1));
            (vy0w * vx0).StoreUnsafe(ref vote, (nuint)((3 * plane) + x - 1));
            bestO.StoreUnsafe(ref bin, (nuint)(x - 1));
        }

        // Then the votes, column by column in dlib's order.
        AddVotes(ref hs, row0, rowStep, ref vote, plane, ref bin, ref cc, x - 1);
        return x;
    }

    /// <summary>
    /// Adds the votes of a row's first <paramref name="count"/> columns (column k's bin, as a float, in
    /// <paramref name="bin"/>, its cell in <paramref name="cell"/>, its four votes in four planes) to the histograms,
    /// in dlib's order. A column votes into two neighbouring cells of two histogram rows; the columns of one cell come one after
    /// another, so the four histograms a group of columns votes into are held in registers (18 bins as two overlapping
    /// 16-lane vectors) and each vote is added to its bin's lane only, by an add masked to that lane (<c>vaddps</c>
    /// with an AVX-512 mask: the other lanes are left as they are). Each bin thus gets the same additions in the same
    /// order as one column after another adding into memory, without waiting on its own stores. The masked adds
    /// replaced fused multiply-adds by a one-hot vector (the same sums; an add has the shorter latency, and every
    /// vector here is one chain of dependent operations); with the bins kept as floats (compared, not converted, per
    /// column): sample1.jpg on one thread, 252 -> 226 ms upsampled, 59 -> 52 ms not (2026-12-05, interleaved).
    /// </summary>
    private static void AddVotes(ref float hist, int row0, int rowStep, ref float vote, int plane, ref float bin, ref int cell, int count)
    {
        if (count == 0)
        {
            return;
        }

        // Lane i of the first vector is bin i; of the second, bin i + 2, used only for bins 16 and 17 (-1: no bin).
        Vector512<float> lowLaneBins = Vector512<float>.Indices;
        Vector512<float> highLaneBins = Vector512.Create(-1f, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 16, 17);
        ref float v0 = ref vote;
        ref float v1 = ref Unsafe.Add(ref vote, plane);
        ref float v2 = ref Unsafe.Add(ref v1, plane);
        ref float v3 = ref Unsafe.Add(ref v2, plane);
        int k = 0;
        int current = Unsafe.Add(ref cell, 0);

        // L: the group's left cell (rows 0 and 1 of the pair), R: its right; each as bins 0-15 and 2-17.
        ref float left = ref Unsafe.Add(ref hist, (row0 + current) * Bins);
        Vector512<float> l0 = Vector512.LoadUnsafe(ref left), l0h = Vector512.LoadUnsafe(ref left, 2);
        Vector512<float> l1 = Vector512.LoadUnsafe(ref left, (nuint)rowStep), l1h = Vector512.LoadUnsafe(ref left, (nuint)(rowStep + 2));
        Vector512<float> r0 = Vector512.LoadUnsafe(ref left, Bins), r0h = Vector512.LoadUnsafe(ref left, Bins + 2);
        Vector512<float> r1 = Vector512.LoadUnsafe(ref left, (nuint)(rowStep + Bins)), r1h = Vector512.LoadUnsafe(ref left, (nuint)(rowStep + Bins + 2));
        while (true)
        {
            int c = Unsafe.Add(ref cell, k);
            if (c != current)
            {
                // The left cell is done: its bins 2-17, then 0-15 over them.
                ref float done = ref Unsafe.Add(ref hist, (row0 + current) * Bins);
                l0h.StoreUnsafe(ref done, 2);
                l0.StoreUnsafe(ref done);
                l1h.StoreUnsafe(ref done, (nuint)(rowStep + 2));
                l1.StoreUnsafe(ref done, (nuint)rowStep);
                ref float next = ref Unsafe.Add(ref hist, (row0 + c) * Bins);
                if (c == current + 1)
                {
                    (l0, l0h, l1, l1h) = (r0, r0h, r1, r1h);
                }
                else
                {
                    r0h.StoreUnsafe(ref done, Bins + 2);
                    r0.StoreUnsafe(ref done, Bins);
                    r1h.StoreUnsafe(ref done, (nuint)(rowStep + Bins + 2));
                    r1.StoreUnsafe(ref done, (nuint)(rowStep + Bins));
                    l0 = Vector512.LoadUnsafe(ref next);
                    l0h = Vector512.LoadUnsafe(ref next, 2);
                    l1 = Vector512.LoadUnsafe(ref next, (nuint)rowStep);
                    l1h = Vector512.LoadUnsafe(ref next, (nuint)(rowStep + 2));
                }

                r0 = Vector512.LoadUnsafe(ref next, Bins);
                r0h = Vector512.LoadUnsafe(ref next, Bins + 2);
                r1 = Vector512.LoadUnsafe(ref next, (nuint)(rowStep + Bins));
                r1h = Vector512.LoadUnsafe(ref next, (nuint)(rowStep + Bins + 2));
                current = c;
            }

            Vector512<float> which = Vector512.Create(Unsafe.Add(ref bin, k));
            Vector512<float> lo = Vector512.Equals(lowLaneBins, which), hi = Vector512.Equals(highLaneBins, which);
            Vector512<float> a = Vector512.Create(Unsafe.Add(ref v0, k)), b = Vector512.Create(Unsafe.Add(ref v1, k));
            Vector512<float> d = Vector512.Create(Unsafe.Add(ref v2, k)), e = Vector512.Create(Unsafe.Add(ref v3, k));
            l0 = Avx512F.BlendVariable(l0, l0 + a, lo);
            l0h = Avx512F.BlendVariable(l0h, l0h + a, hi);
            l1 = Avx512F.BlendVariable(l1, l1 + b, lo);
            l1h = Avx512F.BlendVariable(l1h, l1h + b, hi);
            r0 = Avx512F.BlendVariable(r0, r0 + d, lo);
            r0h = Avx512F.BlendVariable(r0h, r0h + d, hi);
            r1 = Avx512F.BlendVariable(r1, r1 + e, lo);
            r1h = Avx512F.BlendVariable(r1h, r1h + e, hi);
            if (++k == count)
            {
                break;
            }
        }

        ref float last = ref Unsafe.Add(ref hist, (row0 + current) * Bins);
        l0h.StoreUnsafe(ref last, 2);
        l0.StoreUnsafe(ref last);
        l1h.StoreUnsafe(ref last, (nuint)(rowStep + 2));
        l1.StoreUnsafe(ref last, (nuint)rowStep);
        r0h.StoreUnsafe(ref last, Bins + 2);
        r0.StoreUnsafe(ref last, Bins);
        r1h.StoreUnsafe(ref last, (nuint)(rowStep + Bins + 2));
        r1.StoreUnsafe(ref last, (nuint)(rowStep + Bins));
    }

    /// <summary>
    /// The orientation bin (0 to 17, as floats) of sixteen gradients as dlib's eight-wide path snaps them. dlib tries the
    /// 18 directions in turn (o, then its opposite o + 9) and keeps the first with the strictly largest dot product,
    /// starting from 0 at bin 0. Since the opposite's dot product is the exact negation, that is: the first o of 0 to 8
    /// with the largest |dot|, as bin o when its dot is positive and o + 9 when negative, and bin 0 when every dot is 0.
    /// Picking the first largest is associative, so the nine are compared as a tree (an earlier one kept unless a later
    /// one is strictly larger), not one after another: the same bin with a quarter of the chain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Orientation512(Vector512<float> gx, Vector512<float> gy)
    {
        var (d0, a0) = Dot512(gx, gy, 1.0000f, 0.0000f);
        var (d1, a1) = Dot512(gx, gy, 0.9397f, 0.3420f);
        var (d2, a2) = Dot512(gx, gy, 0.7660f, 0.6428f);
        var (d3, a3) = Dot512(gx, gy, 0.500f, 0.8660f);
        var (d4, a4) = Dot512(gx, gy, 0.1736f, 0.9848f);
        var (d5, a5) = Dot512(gx, gy, -0.1736f, 0.9848f);
        var (d6, a6) = Dot512(gx, gy, -0.5000f, 0.8660f);
        var (d7, a7) = Dot512(gx, gy, -0.7660f, 0.6428f);
        var (d8, a8) = Dot512(gx, gy, -0.9397f, 0.3420f);
        var (o01, d01, a01) = Later512(Vector512<float>.Zero, d0, a0, Vector512.Create(1f), d1, a1);
        var (o23, d23, a23) = Later512(Vector512.Create(2f), d2, a2, Vector512.Create(3f), d3, a3);
        var (o45, d45, a45) = Later512(Vector512.Create(4f), d4, a4, Vector512.Create(5f), d5, a5);
        var (o67, d67, a67) = Later512(Vector512.Create(6f), d6, a6, Vector512.Create(7f), d7, a7);
        var (o03, d03, a03) = Later512(o01, d01, a01, o23, d23, a23);
        var (o47, d47, a47) = Later512(o45, d45, a45, o67, d67, a67);
        var (o07, d07, a07) = Later512(o03, d03, a03, o47, d47, a47);
        var (o, d, _) = Later512(o07, d07, a07, Vector512.Create(8f), d8, a8);
        return o + (Vector512.LessThan(d, Vector512<float>.Zero) & Vector512.Create(9f));
    }

    /// <summary>A direction's dot product with the gradients (dlib's separate multiplies and add) and its magnitude.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Dot, Vector512<float> Magnitude) Dot512(Vector512<float> gx, Vector512<float> gy, float dirX, float dirY)
    {
        Vector512<float> dot = (gx * Vector512.Create(dirX)) + (gy * Vector512.Create(dirY));
        return (dot, Vector512.Abs(dot));
    }

    /// <summary>Of an earlier and a later direction, per lane the later where its |dot| is strictly larger.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> O, Vector512<float> Dot, Vector512<float> Magnitude) Later512(Vector512<float> o0, Vector512<float> d0,
        Vector512<float> a0, Vector512<float> o1, Vector512<float> d1, Vector512<float> a1)
    {
        Vector512<float> later = Vector512.GreaterThan(a1, a0);
        return (Vector512.ConditionalSelect(later, o1, o0), Vector512.ConditionalSelect(later, d1, d0), Vector512.ConditionalSelect(later, a1, a0));
    }

    /// <summary><see cref="GradientWide"/> for columns x..x+15 (two of dlib's groups, the same choice per column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientWide512(ref int above, ref int here, ref int below, int width, int x, out Vector512<int> gx, out Vector512<int> gy,
        out Vector512<int> len)
    {
        Vector512<int> bestX = default, bestY = default, bestLen = default;
        for (int ch = 0; ch < 3; ch++)
        {
            int at = (ch * width) + x;
            Vector512<int> dx = Vector512.LoadUnsafe(ref here, (nuint)(at + 1)) - Vector512.LoadUnsafe(ref here, (nuint)(at - 1));
            Vector512<int> dy = Vector512.LoadUnsafe(ref below, (nuint)at) - Vector512.LoadUnsafe(ref above, (nuint)at);
            Vector512<int> l = (dx * dx) + (dy * dy);
            if (ch == 0)
            {
                (bestX, bestY, bestLen) = (dx, dy, l);
                continue;
            }

            Vector512<int> keep = Vector512.GreaterThan(bestLen, l);
            bestX = Vector512.ConditionalSelect(keep, bestX, dx);
            bestY = Vector512.ConditionalSelect(keep, bestY, dy);
            bestLen = Vector512.ConditionalSelect(keep, bestLen, l);
        }

        (gx, gy, len) = (bestX, bestY, bestLen);
    }

    /// <summary>
    /// The gradients of columns x..x+7 as dlib's eight-wide path picks them: per column the channel with the largest
    /// squared gradient, where on ties green beats red and blue beats both.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientWide(ref int above, ref int here, ref int below, int width, int x, out Vector256<int> gx, out Vector256<int> gy,
        out Vector256<int> len)
    {
        Vector256<int> bestX = default, bestY = default, bestLen = default;
        for (int ch = 0; ch < 3; ch++)
        {
            int at = (ch * width) + x;
            Vector256<int> dx = Vector256.LoadUnsafe(ref here, (nuint)(at + 1)) - Vector256.LoadUnsafe(ref here, (nuint)(at - 1));
            Vector256<int> dy = Vector256.LoadUnsafe(ref below, (nuint)at) - Vector256.LoadUnsafe(ref above, (nuint)at);
            Vector256<int> l = (dx * dx) + (dy * dy);
            if (ch == 0)
            {
                (bestX, bestY, bestLen) = (dx, dy, l);
                continue;
            }

            // dlib: keep the running best only where it is strictly larger than this channel's.
            Vector256<int> keep = Vector256.GreaterThan(bestLen, l);
            bestX = Vector256.ConditionalSelect(keep, bestX, dx);
            bestY = Vector256.ConditionalSelect(keep, bestY, dy);
            bestLen = Vector256.ConditionalSelect(keep, bestLen, l);
        }

        (gx, gy, len) = (bestX, bestY, bestLen);
    }

    /// <summary>The gradient as dlib's one-at-a-time path picks it: red unless another channel is strictly larger.</summary>
    private static void GradientNarrow(ReadOnlySpan<byte> px, int stride, int y, int x, out int gx, out int gy, out int len)
    {
        int c = (y * stride) + (x * 3);
        gx = px[c + 3] - px[c - 3];
        gy = px[c + stride] - px[c - stride];
        len = (gx * gx) + (gy * gy);
        int gxg = px[c + 4] - px[c - 2], gyg = px[c + stride + 1] - px[c - stride + 1];
        int gl = (gxg * gxg) + (gyg * gyg);
        if (gl > len)
        {
            len = gl;
            gx = gxg;
            gy = gyg;
        }

        int bx = px[c + 5] - px[c - 1], by = px[c + stride + 2] - px[c - stride + 2];
        int bl = (bx * bx) + (by * by);
        if (bl > len)
        {
            len = bl;
            gx = bx;
            gy = by;
        }
    }

    private const float Eps = 0.0001f;
    private const float Texture = (float)(2 * 0.2357);

    /// <summary>
    /// Each cell's 31 features from its histogram and the energies of the four 2 x 2 blocks around it. dlib keeps the
    /// four blocks in the four lanes of an SSE register and sums lanes as (l0 + l2) + (l1 + l3); here, with 256-bit
    /// vectors, eight neighbouring cells are done at once (one cell per lane, one vector per dlib lane), with the same
    /// operations per value in the same order (the minimum is the SSE instruction's, as dlib's: no value is NaN); the cells
    /// left over at the right end one at a time.
    /// </summary>
    private static void Normalise(ReadOnlySpan<float> hist, int histCols, ReadOnlySpan<float> norm, int normCols, int hogNr, int hogNc, int rowOffset, int colOffset, FhogFeatures result)
    {
        Span<float> outp = result.Planes;
        int planeSize = result.Rows * result.Cols;
        int wide = Vector256.IsHardwareAccelerated ? hogNc - (hogNc % 8) : 0;
        float[] planar = ArrayPool<float>.Shared.Rent(Bins * Math.Max(wide, 1));
        ref float pl = ref MemoryMarshal.GetArrayDataReference(planar);
        ref float nr = ref MemoryMarshal.GetReference(norm);
        ref float op = ref MemoryMarshal.GetReference(outp);
        ref float hs = ref MemoryMarshal.GetReference(hist);
        Vector256<float> eps = Vector256.Create(Eps), fifth = Vector256.Create(0.2f), tenth = Vector256.Create(0.1f);
        for (int y = 0; y < hogNr; y++)
        {
            int yy = y + rowOffset;

            // The row's histograms, bin-major, so that eight neighbouring cells' values of a bin are one load.
            for (int x = 0; x < wide; x++)
            {
                int hc = (((y + 2) * histCols) + x + 2) * Bins;
                for (int o = 0; o < Bins; o++)
                {
                    Unsafe.Add(ref pl, (o * wide) + x) = Unsafe.Add(ref hs, hc + o);
                }
            }

            for (int x = 0; x < wide; x += 8)
            {
                int r0 = (y * normCols) + x, r1 = r0 + normCols, r2 = r1 + normCols;
                Vector256<float> a = Vector256.LoadUnsafe(ref nr, (nuint)(r1 + 1)), b = Vector256.LoadUnsafe(ref nr, (nuint)(r0 + 1));
                Vector256<float> c = Vector256.LoadUnsafe(ref nr, (nuint)r1), d = Vector256.LoadUnsafe(ref nr, (nuint)r0);
                Vector256<float> e = Vector256.LoadUnsafe(ref nr, (nuint)(r1 + 2)), f = Vector256.LoadUnsafe(ref nr, (nuint)(r0 + 2));
                Vector256<float> g = Vector256.LoadUnsafe(ref nr, (nuint)(r2 + 1)), h = Vector256.LoadUnsafe(ref nr, (nuint)r2);
                Vector256<float> i = Vector256.LoadUnsafe(ref nr, (nuint)(r2 + 2));
                Vector256<float> nn0 = fifth * Vector256.Sqrt((((a + e) + g) + i) + eps);
                Vector256<float> nn1 = fifth * Vector256.Sqrt((((b + f) + a) + e) + eps);
                Vector256<float> nn2 = fifth * Vector256.Sqrt((((c + a) + h) + g) + eps);
                Vector256<float> nn3 = fifth * Vector256.Sqrt((((d + b) + c) + a) + eps);
                Vector256<float> n0 = tenth / nn0, n1 = tenth / nn1, n2 = tenth / nn2, n3 = tenth / nn3;
                Vector256<float> t0 = Vector256<float>.Zero, t1 = t0, t2 = t0, t3 = t0;
                int at = (yy * result.Cols) + x + colOffset;
                for (int o = 0; o < 18; o += 3)
                {
                    Vector256<float> h0 = Vector256.LoadUnsafe(ref pl, (nuint)((o * wide) + x));
                    Vector256<float> h1 = Vector256.LoadUnsafe(ref pl, (nuint)(((o + 1) * wide) + x));
                    Vector256<float> h2 = Vector256.LoadUnsafe(ref pl, (nuint)(((o + 2) * wide) + x));
                    Vector256<float> s00 = Vector256.MinNative(h0, nn0) * n0, s01 = Vector256.MinNative(h0, nn1) * n1, s02 = Vector256.MinNative(h0, nn2) * n2, s03 = Vector256.MinNative(h0, nn3) * n3;
                    Vector256<float> s10 = Vector256.MinNative(h1, nn0) * n0, s11 = Vector256.MinNative(h1, nn1) * n1, s12 = Vector256.MinNative(h1, nn2) * n2, s13 = Vector256.MinNative(h1, nn3) * n3;
                    Vector256<float> s20 = Vector256.MinNative(h2, nn0) * n0, s21 = Vector256.MinNative(h2, nn1) * n1, s22 = Vector256.MinNative(h2, nn2) * n2, s23 = Vector256.MinNative(h2, nn3) * n3;
                    t0 += (s00 + s10) + s20;
                    t1 += (s01 + s11) + s21;
                    t2 += (s02 + s12) + s22;
                    t3 += (s03 + s13) + s23;
                    ((s00 + s02) + (s01 + s03)).StoreUnsafe(ref op, (nuint)((o * planeSize) + at));
                    ((s10 + s12) + (s11 + s13)).StoreUnsafe(ref op, (nuint)(((o + 1) * planeSize) + at));
                    ((s20 + s22) + (s21 + s23)).StoreUnsafe(ref op, (nuint)(((o + 2) * planeSize) + at));
                }

                for (int o = 0; o < 9; o++)
                {
                    Vector256<float> hh = Vector256.LoadUnsafe(ref pl, (nuint)((o * wide) + x)) + Vector256.LoadUnsafe(ref pl, (nuint)(((o + 9) * wide) + x));
                    Vector256<float> s0 = Vector256.MinNative(hh, nn0) * n0, s1 = Vector256.MinNative(hh, nn1) * n1;
                    Vector256<float> s2 = Vector256.MinNative(hh, nn2) * n2, s3 = Vector256.MinNative(hh, nn3) * n3;
                    ((s0 + s2) + (s1 + s3)).StoreUnsafe(ref op, (nuint)(((o + 18) * planeSize) + at));
                }

                Vector256<float> texture = Vector256.Create(Texture);
                (t0 * texture).StoreUnsafe(ref op, (nuint)((27 * planeSize) + at));
                (t1 * texture).StoreUnsafe(ref op, (nuint)((28 * planeSize) + at));
                (t2 * texture).StoreUnsafe(ref op, (nuint)((29 * planeSize) + at));
                (t3 * texture).StoreUnsafe(ref op, (nuint)((30 * planeSize) + at));
            }

            for (int x = wide; x < hogNc; x++)
            {
                NormaliseCell(hist, histCols, norm, normCols, y, x, (yy * result.Cols) + x + colOffset, outp, planeSize);
            }
        }

        ArrayPool<float>.Shared.Return(planar);
    }

    /// <summary>One cell's features as dlib's four SSE lanes give them.</summary>
    private static void NormaliseCell(ReadOnlySpan<float> hist, int histCols, ReadOnlySpan<float> norm, int normCols, int y, int x, int at, Span<float> outp, int planeSize)
    {
        Span<float> nn = stackalloc float[4];
        Span<float> n = stackalloc float[4];
        Span<float> t = stackalloc float[4];
        Span<float> s0 = stackalloc float[4];
        Span<float> s1 = stackalloc float[4];
        Span<float> s2 = stackalloc float[4];

        // The four 2x2 blocks around cell (y + 1, x + 1), one per lane, summed as dlib's lanes are.
        float a = norm[((y + 1) * normCols) + x + 1], b = norm[(y * normCols) + x + 1];
        float c = norm[((y + 1) * normCols) + x], d = norm[(y * normCols) + x];
        float e = norm[((y + 1) * normCols) + x + 2], f = norm[(y * normCols) + x + 2];
        float g = norm[((y + 2) * normCols) + x + 1], h = norm[((y + 2) * normCols) + x];
        float i = norm[((y + 2) * normCols) + x + 2];
        Lane(nn, n, 0, a, e, g, i, Eps);
        Lane(nn, n, 1, b, f, a, e, Eps);
        Lane(nn, n, 2, c, a, h, g, Eps);
        Lane(nn, n, 3, d, b, c, a, Eps);
        int hc = (((y + 2) * histCols) + x + 2) * Bins;
        for (int o = 0; o < 18; o += 3)
        {
            float h0 = hist[hc + o], h1 = hist[hc + o + 1], h2 = hist[hc + o + 2];
            for (int k = 0; k < 4; k++)
            {
                s0[k] = MathF.Min(h0, nn[k]) * n[k];
                s1[k] = MathF.Min(h1, nn[k]) * n[k];
                s2[k] = MathF.Min(h2, nn[k]) * n[k];
                t[k] += (s0[k] + s1[k]) + s2[k];
            }

            outp[(o * planeSize) + at] = Sum(s0);
            outp[((o + 1) * planeSize) + at] = Sum(s1);
            outp[((o + 2) * planeSize) + at] = Sum(s2);
        }

        for (int o = 0; o < 9; o += 3)
        {
            float h0 = hist[hc + o] + hist[hc + o + 9];
            float h1 = hist[hc + o + 1] + hist[hc + o + 10];
            float h2 = hist[hc + o + 2] + hist[hc + o + 11];
            for (int k = 0; k < 4; k++)
            {
                s0[k] = MathF.Min(h0, nn[k]) * n[k];
                s1[k] = MathF.Min(h1, nn[k]) * n[k];
                s2[k] = MathF.Min(h2, nn[k]) * n[k];
            }

            outp[((o + 18) * planeSize) + at] = Sum(s0);
            outp[((o + 19) * planeSize) + at] = Sum(s1);
            outp[((o + 20) * planeSize) + at] = Sum(s2);
        }

        for (int k = 0; k < 4; k++)
        {
            outp[((27 + k) * planeSize) + at] = t[k] * Texture;
        }
    }

    private static void Lane(Span<float> nn, Span<float> n, int k, float z1, float z2, float z3, float z4, float eps)
    {
        nn[k] = 0.2f * MathF.Sqrt((((z1 + z2) + z3) + z4) + eps);
        n[k] = 0.1f / nn[k];
    }

    /// <summary>dlib's SSE2 horizontal sum of four lanes: (l0 + l2) + (l1 + l3).</summary>
    private static float Sum(ReadOnlySpan<float> lanes) => (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]);
}
