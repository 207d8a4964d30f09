using System.Runtime.Intrinsics;
using FaceMetric.Detection;
using FaceMetric.Detection.Hog;

namespace FaceMetric.Tests.Detection.Hog;

/// <summary>
/// The scalar <c>FhogExtractor</c> as it was before the fast paths (kept verbatim as the reference the fast code is
/// compared against, bit for bit): dlib's <c>extract_fhog_features</c> (cell size &gt; 1, RGB input) bit for bit as dlib 19.24 compiles it for x86-64
/// (SSE2), after Felzenszwalb et al.'s voc-release features: per pixel the gradient of the colour channel with the
/// largest gradient, snapped to 18 orientations, voted bilinearly into 8 x 8 cells; each cell normalised by its four
/// 2 x 2 block energies (truncated at 0.2), giving 18 contrast-sensitive, 9 contrast-insensitive and 4 texture values.
/// </summary>
/// <remarks>
/// dlib computes most columns eight at a time and the rest one at a time, and the two code paths round differently
/// (the order of three products, which channel wins a tie). Each is reproduced on the columns where dlib uses it, so
/// the features match dlib's to the last bit, and with them the detection scores.
/// </remarks>
internal static class ScalarReferenceFhog
{
    private const int Bins = 18;

    private static readonly float[] DirX = [1.0000f, 0.9397f, 0.7660f, 0.500f, 0.1736f, -0.1736f, -0.5000f, -0.7660f, -0.9397f];
    private static readonly Vector256<int> Lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);

    private static readonly float[] DirY = [0.0000f, 0.3420f, 0.6428f, 0.8660f, 0.9848f, 0.9848f, 0.8660f, 0.6428f, 0.3420f];

    /// <summary>Extracts the features of <paramref name="image"/> with the given cell size and filter padding.</summary>
    /// <returns>The features, or an empty result when the image is smaller than three cells in a direction.</returns>
    public static FhogFeatures Extract(RgbRaster image, int cellSize, int filterRowsPadding, int filterColsPadding)
    {
        int nr = image.Height, nc = image.Width;
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
        var hist = new float[(cellsNr + 2) * histCols * Bins];
        AccumulateHistograms(image, cellSize, Math.Min(cellsNr * cellSize, nr) - 1, Math.Min(cellsNc * cellSize, nc) - 1, hist, histCols);

        var norm = new float[cellsNr * cellsNc];
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

        var result = new FhogFeatures(hogNr + filterRowsPadding - 1, hogNc + filterColsPadding - 1);
        Normalise(hist, histCols, norm, cellsNc, hogNr, hogNc, (filterRowsPadding - 1) / 2, (filterColsPadding - 1) / 2, result);
        return result;
    }

    private static void AccumulateHistograms(RgbRaster image, int cellSize, int visibleNr, int visibleNc, float[] hist, int histCols)
    {
        ReadOnlySpan<byte> px = image.Pixels;
        int stride = image.Stride;
        float cell = cellSize;
        Span<float> v11 = stackalloc float[8];
        Span<float> v01 = stackalloc float[8];
        Span<float> v10 = stackalloc float[8];
        Span<float> v00 = stackalloc float[8];
        Span<int> bin = stackalloc int[8];
        int rowStep = histCols * Bins;
        // Planar int copies of the three rows around y (a ring of three), for the vector gradients.
        int width = image.Width;
        var planes = new int[3][][];
        for (int i = 0; i < 3; i++)
        {
            planes[i] = [new int[width], new int[width], new int[width]];
        }

        if (visibleNr > 1)
        {
            ToPlanar(px, stride, 0, planes[0]);
            ToPlanar(px, stride, 1, planes[1]);
        }

        for (int y = 1; y < visibleNr; y++)
        {
            ToPlanar(px, stride, y + 1, planes[(y + 1) % 3]);
            int[][] above = planes[(y - 1) % 3], here = planes[y % 3], below = planes[(y + 1) % 3];
            float yp = (float)((((double)(float)y) + 0.5) / cell - 0.5);
            int iyp = (int)MathF.Floor(yp);
            float vy0 = yp - iyp;
            float vy1 = (float)(1.0 - vy0);
            int row0 = (iyp + 1) * histCols, row1 = (iyp + 2) * histCols;
            int x = 1;

            // dlib's eight-wide path: one Vector256 lane per column, the same float operations as dlib's simd8f.
            for (; x < visibleNc - 7; x += 8)
            {
                GradientWide(above, here, below, x, out Vector256<int> gxi, out Vector256<int> gyi, out Vector256<int> leni);
                Vector256<float> gx = Vector256.ConvertToSingle(gxi);
                Vector256<float> gy = Vector256.ConvertToSingle(gyi);
                Vector256<float> v = Vector256.Sqrt(Vector256.ConvertToSingle(leni));
                Vector256<float> xs = Vector256.ConvertToSingle(Vector256.Create(x) + Lanes);
                Vector256<float> xp = ((xs + Vector256.Create(0.5f)) / Vector256.Create(cell)) + Vector256.Create(0.5f);
                Vector256<int> ixp = Vector256.ConvertToInt32(xp);
                Vector256<float> vx0 = xp - Vector256.ConvertToSingle(ixp);
                Vector256<float> vx1 = Vector256.Create(1.0f) - vx0;
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
                Vector256<float> vy0v = Vector256.Create(vy0), vy1v = Vector256.Create(vy1);
                (vy1v * vx1).CopyTo(v11);
                (vy0v * vx1).CopyTo(v01);
                (vy1v * vx0).CopyTo(v10);
                (vy0v * vx0).CopyTo(v00);
                // Index of (row iyp + 1, cell ixp, bin) per lane; the other three votes are one row and/or one cell on.
                (((Vector256.Create(row0) + ixp) * Vector256.Create(Bins)) + Vector256.ConvertToInt32(bestO)).CopyTo(bin);
                for (int k = 0; k < 8; k++)
                {
                    int at = bin[k];
                    hist[at] += v11[k];
                    hist[at + rowStep] += v01[k];
                    hist[at + Bins] += v10[k];
                    hist[at + rowStep + Bins] += v00[k];
                }
            }

            // dlib's one-at-a-time path for the columns left over.
            for (; x < visibleNc; x++)
            {
                GradientNarrow(px, stride, y, x, out int gxi, out int gyi, out int len);
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
    }

    /// <summary>Row <paramref name="y"/> as three int planes (R, G, B).</summary>
    private static void ToPlanar(ReadOnlySpan<byte> px, int stride, int y, int[][] rgb)
    {
        ReadOnlySpan<byte> row = px.Slice(y * stride, stride);
        int[] r = rgb[0], g = rgb[1], b = rgb[2];
        for (int x = 0, i = 0; x < r.Length; x++, i += 3)
        {
            r[x] = row[i];
            g[x] = row[i + 1];
            b[x] = row[i + 2];
        }
    }

    /// <summary>
    /// The gradients of columns x..x+7 as dlib's eight-wide path picks them: per column the channel with the largest
    /// squared gradient, where on ties green beats red and blue beats both.
    /// </summary>
    private static void GradientWide(int[][] above, int[][] here, int[][] below, int x, out Vector256<int> gx, out Vector256<int> gy, out Vector256<int> len)
    {
        Vector256<int> bestX = default, bestY = default, bestLen = default;
        for (int ch = 0; ch < 3; ch++)
        {
            Vector256<int> dx = Load(here[ch], x + 1) - Load(here[ch], x - 1);
            Vector256<int> dy = Load(below[ch], x) - Load(above[ch], x);
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

    private static Vector256<int> Load(int[] plane, int at) => Vector256.Create<int>(plane.AsSpan(at, 8));

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

    private static void Normalise(float[] hist, int histCols, float[] norm, int normCols, int hogNr, int hogNc, int rowOffset, int colOffset, FhogFeatures result)
    {
        const float Eps = 0.0001f;
        const float Texture = (float)(2 * 0.2357);
        Span<float> outp = result.Planes;
        int planeSize = result.Rows * result.Cols;
        Span<float> nn = stackalloc float[4];
        Span<float> n = stackalloc float[4];
        Span<float> t = stackalloc float[4];
        Span<float> s0 = stackalloc float[4];
        Span<float> s1 = stackalloc float[4];
        Span<float> s2 = stackalloc float[4];
        for (int y = 0; y < hogNr; y++)
        {
            int yy = y + rowOffset;
            for (int x = 0; x < hogNc; x++)
            {
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
                t.Clear();
                int xx = x + colOffset;
                int at = (yy * result.Cols) + xx;
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
