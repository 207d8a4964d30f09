using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FaceMetric.Geometry;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// dlib's <c>resize_image(in, out, interpolate_bilinear())</c> for RGB images, bit for bit as dlib 19.24 compiles it
/// for x86-64 (SSE2): output pixel (c, r) samples input position (c * sx, r * sy) with sx = (in.cols - 1) / (out.cols - 1);
/// columns are taken four at a time in float arithmetic (positions accumulated in float, truncated to ints, weights
/// multiplied out, sum truncated; with AVX-512 VBMI sixty-four output bytes at a time, the same arithmetic per byte), the
/// columns left over at the right end in double arithmetic. Also the two pyramid
/// steps dlib's HOG detector uses: <c>pyramid_up</c> (by pyramid_down&lt;2&gt;'s geometry) and
/// <c>pyramid_down&lt;6&gt;</c>.
/// </summary>
internal static class DlibBilinearResize
{
    /// <summary>dlib's <c>pyramid_up(img)</c>: about twice the size, (2h + 1) x (2w + 2) pixels.</summary>
    public static RgbRaster PyramidUp(RgbRaster source)
    {
        var (width, height) = PyramidUpSize(source);
        var result = new RgbRaster(width, height);
        Resize(source, result);
        return result;
    }

    /// <summary>The size of <see cref="PyramidUp(RgbRaster)"/>'s result.</summary>
    public static (int Width, int Height) PyramidUpSize(RgbRaster source) => PyramidUpSize(source.Width, source.Height);

    /// <summary>The size of <see cref="PyramidUp(RgbRaster)"/>'s result for a source of this size.</summary>
    public static (int Width, int Height) PyramidUpSize(int width, int height)
    {
        if (width == 0 || height == 0)
        {
            return (0, 0);
        }

        // pyramid_down<2>::rect_up of the image rectangle: corners (p + (1.25, 0.75)) * 2, rounded as dlib rounds.
        long right = DlibRounding.Round(((width - 1) + 1.25) * 2);
        long bottom = DlibRounding.Round(((height - 1) + 0.75) * 2);
        return (checked((int)(right + 1)), checked((int)(bottom + 1)));
    }

    /// <summary>dlib's <c>pyramid_down&lt;6&gt;</c>: (5h / 6) x (5w / 6) pixels (integer division).</summary>
    public static RgbRaster PyramidDown6(RgbRaster source)
    {
        var (width, height) = PyramidDown6Size(source);
        var result = new RgbRaster(width, height);
        Resize(source, result);
        return result;
    }

    /// <summary>The size of <see cref="PyramidDown6(RgbRaster)"/>'s result.</summary>
    public static (int Width, int Height) PyramidDown6Size(RgbRaster source) => PyramidDown6Size(source.Width, source.Height);

    /// <summary>The size of <see cref="PyramidDown6(RgbRaster)"/>'s result for a source of this size.</summary>
    public static (int Width, int Height) PyramidDown6Size(int width, int height) => ((int)((5L * width) / 6), (int)((5L * height) / 6));

    /// <summary>Resizes <paramref name="source"/> into <paramref name="destination"/>'s size.</summary>
    /// <remarks>
    /// Every output byte of dlib's four-lane part gets the same float operations in the same order as dlib's lanes
    /// (<c>tlf * TL + trf * TR</c>, then <c>+ blf * BL</c>, then <c>+ brf * BR</c>, truncated; separate multiplies and adds,
    /// never fused). With AVX-512 VBMI sixty-four output bytes are made at once: their source bytes are picked out of
    /// 128 bytes of each source row by one two-table byte permute per neighbour; elsewhere, one byte at a time from
    /// tables laid out per output byte. The result is the same on either path.
    /// </remarks>
    public static void Resize(RgbRaster source, RgbRaster destination) => Resize(source, destination, Avx512Vbmi.IsSupported);

    /// <summary>
    /// <see cref="Resize(RgbRaster, RgbRaster)"/>, with the AVX-512 path allowed or not (tests compare the two).
    /// </summary>
    internal static void Resize(RgbRaster source, RgbRaster destination, bool allowAvx512)
    {
        if (destination.Width == 0 || destination.Height == 0 || source.Width == 0 || source.Height == 0)
        {
            return;
        }

        var plan = new Plan(source.Width, source.Height, destination.Width, destination.Height, allowAvx512);
        ReadOnlySpan<byte> src = source.Pixels;
        Span<byte> dst = destination.Pixels;
        for (int r = 0; r < destination.Height; r++)
        {
            plan.Row(r, src, plan.Top(r) * source.Stride, plan.Bottom(r) * source.Stride, dst, r * destination.Stride);
        }
    }

    /// <summary>
    /// One resize laid out once, to be made a row at a time (whole images by <see cref="Resize(RgbRaster, RgbRaster, bool)"/>,
    /// bands of rows by <see cref="Hog.StreamedLevelZero"/>): output row r is made from source rows <see cref="Top"/>(r)
    /// and <see cref="Bottom"/>(r), with the arithmetic of a whole-image resize.
    /// </summary>
    internal sealed class Plan
    {
        private readonly int _inW, _outW, _vectorEnd, _vectorBytes;
        private readonly double _xScale;
        private readonly int[] _at;
        private readonly float[] _lr, _invLr;
        private readonly ChunkPlan? _chunks;
        private readonly int[] _top, _bottom;
        private readonly double[] _fraction;

        public Plan(int inW, int inH, int outW, int outH, bool allowAvx512)
        {
            _inW = inW;
            _outW = outW;
            _xScale = (inW - 1) / (double)Math.Max(outW - 1, 1);
            double yScale = (inH - 1) / (double)Math.Max(outH - 1, 1);

            // The column positions are the same on every row: dlib's four-lane float accumulation gives, per column of
            // the vector part, a left neighbour and a float fraction; the columns after the first group whose right
            // neighbour would leave the image go through dlib's double-precision tail instead.
            var left = new int[outW];
            var lrF = new float[outW];
            var invLrF = new float[outW];
            _vectorEnd = DlibColumnWalk.VectorColumns(_xScale, inW, outW, left, lrF, invLrF);

            // The vector part's tables, one entry per output byte: the source byte of the left neighbour and the weights.
            _vectorBytes = _vectorEnd * 3;
            _at = new int[_vectorBytes];
            _lr = new float[_vectorBytes];
            _invLr = new float[_vectorBytes];
            for (int c = 0, j = 0; c < _vectorEnd; c++)
            {
                for (int ch = 0; ch < 3; ch++, j++)
                {
                    _at[j] = (left[c] * 3) + ch;
                    _lr[j] = lrF[c];
                    _invLr[j] = invLrF[c];
                }
            }

            _chunks = allowAvx512 && Avx512Vbmi.IsSupported ? ChunkPlan.Create(_at) : null;

            // The row positions, accumulated in double from the first row on as dlib does.
            _top = new int[outH];
            _bottom = new int[outH];
            _fraction = new double[outH];
            double y = -yScale;
            for (int r = 0; r < outH; r++)
            {
                y += yScale;
                int top = (int)Math.Floor(y);
                _top[r] = top;
                _bottom[r] = Math.Min(top + 1, inH - 1);
                _fraction[r] = y - top;
            }
        }

        /// <summary>The upper source row output row <paramref name="r"/> is made from.</summary>
        public int Top(int r) => _top[r];

        /// <summary>The lower source row output row <paramref name="r"/> is made from (at least <see cref="Top"/>).</summary>
        public int Bottom(int r) => _bottom[r];

        /// <summary>
        /// Makes output row <paramref name="r"/> at <paramref name="outRow"/> of <paramref name="dst"/> from the source rows
        /// at <paramref name="topRow"/> and <paramref name="bottomRow"/> of <paramref name="src"/> (byte offsets).
        /// </summary>
        public void Row(int r, ReadOnlySpan<byte> src, int topRow, int bottomRow, Span<byte> dst, int outRow)
        {
            double tbFrac = _fraction[r];
            float tb = (float)tbFrac;
            float invTb = (float)(1 - tbFrac);
            int done = 0;
            if (_chunks != null)
            {
                done = _chunks.Run(src, topRow, bottomRow, dst, outRow, _lr, _invLr, tb, invTb);
            }

            ScalarBytes(src, topRow, bottomRow, dst, outRow, _at, _lr, _invLr, tb, invTb, done, _vectorBytes);
            DoubleTail(src, topRow, bottomRow, dst, outRow, _xScale, _inW, _vectorEnd, _outW, tbFrac);
        }
    }

    /// <summary>Output bytes <paramref name="from"/> to <paramref name="to"/> of a row's four-lane part, one at a time.</summary>
    private static void ScalarBytes(ReadOnlySpan<byte> src, int topRow, int bottomRow, Span<byte> dst, int outRow, int[] at, float[] lr, float[] invLr,
        float tb, float invTb, int from, int to)
    {
        ref byte s = ref MemoryMarshal.GetReference(src);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        ref int a = ref MemoryMarshal.GetArrayDataReference(at);
        ref float l = ref MemoryMarshal.GetArrayDataReference(lr);
        ref float il = ref MemoryMarshal.GetArrayDataReference(invLr);
        for (int j = from; j < to; j++)
        {
            float w = Unsafe.Add(ref l, j), iw = Unsafe.Add(ref il, j);
            float tlf = invTb * iw, trf = invTb * w, blf = tb * iw, brf = tb * w;
            int t = topRow + Unsafe.Add(ref a, j), b = bottomRow + Unsafe.Add(ref a, j);
            float v = (tlf * Unsafe.Add(ref s, t)) + (trf * Unsafe.Add(ref s, t + 3));
            v += blf * Unsafe.Add(ref s, b);
            v += brf * Unsafe.Add(ref s, b + 3);
            Unsafe.Add(ref d, outRow + j) = (byte)(int)v;
        }
    }

    /// <summary>dlib's double-precision tail: the columns from <paramref name="from"/> on.</summary>
    private static void DoubleTail(ReadOnlySpan<byte> src, int topRow, int bottomRow, Span<byte> dst, int outRow, double xScale, int inW, int from, int outW,
        double tbFrac)
    {
        double x = -xScale + (from * xScale);
        for (int c = from; c < outW; c++)
        {
            x += xScale;
            int leftC = (int)Math.Floor(x);
            int l = leftC * 3, rt = Math.Min(leftC + 1, inW - 1) * 3, o = outRow + (c * 3);
            double w = x - leftC;
            for (int ch = 0; ch < 3; ch++)
            {
                double v = ((1 - tbFrac) * (((1 - w) * src[topRow + l + ch]) + (w * src[topRow + rt + ch])))
                    + (tbFrac * (((1 - w) * src[bottomRow + l + ch]) + (w * src[bottomRow + rt + ch])));
                dst[o + ch] = (byte)(int)v;
            }
        }
    }

    /// <summary>
    /// The AVX-512 VBMI layout of a row's four-lane part: per 64 output bytes, the first source byte they read and,
    /// per output byte, the offsets of its left and right neighbours from there (each under 128, so one two-table byte
    /// permute over 128 bytes of a source row picks them all).
    /// </summary>
    private sealed class ChunkPlan
    {
        private const int Width = 64;

        private readonly int[] _base;
        private readonly byte[] _leftIndex;
        private readonly byte[] _rightIndex;

        private ChunkPlan(int[] start, byte[] leftIndex, byte[] rightIndex)
        {
            _base = start;
            _leftIndex = leftIndex;
            _rightIndex = rightIndex;
        }

        /// <summary>The plan for the leading chunks whose neighbours lie within 128 bytes of their first.</summary>
        public static ChunkPlan Create(int[] at)
        {
            int chunks = 0;
            while ((chunks + 1) * Width <= at.Length && at[((chunks + 1) * Width) - 1] + 3 - First(at, chunks) < 2 * Width)
            {
                chunks++;
            }

            var start = new int[chunks];
            var leftIndex = new byte[chunks * Width];
            var rightIndex = new byte[chunks * Width];
            for (int k = 0; k < chunks; k++)
            {
                start[k] = First(at, k);
                for (int i = 0; i < Width; i++)
                {
                    leftIndex[(k * Width) + i] = (byte)(at[(k * Width) + i] - start[k]);
                    rightIndex[(k * Width) + i] = (byte)(at[(k * Width) + i] + 3 - start[k]);
                }
            }

            return new ChunkPlan(start, leftIndex, rightIndex);
        }

        /// <summary>The first byte of the pixel chunk <paramref name="k"/> starts in (its first bytes may be of a later channel).</summary>
        private static int First(int[] at, int k) => at[k * Width] / 3 * 3;

        /// <summary>Makes the row's leading chunks; returns how many output bytes it made.</summary>
        public int Run(ReadOnlySpan<byte> src, int topRow, int bottomRow, Span<byte> dst, int outRow, float[] lr, float[] invLr, float tb, float invTb)
        {
            ref byte s = ref MemoryMarshal.GetReference(src);
            ref byte d = ref MemoryMarshal.GetReference(dst);
            ref float l = ref MemoryMarshal.GetArrayDataReference(lr);
            ref float il = ref MemoryMarshal.GetArrayDataReference(invLr);
            ref byte li = ref MemoryMarshal.GetArrayDataReference(_leftIndex);
            ref byte ri = ref MemoryMarshal.GetArrayDataReference(_rightIndex);
            Vector512<float> tbV = Vector512.Create(tb), invTbV = Vector512.Create(invTb);
            int lastRow = Math.Max(topRow, bottomRow);
            for (int k = 0; k < _base.Length; k++)
            {
                int first = _base[k];
                if (lastRow + first + (2 * Width) > src.Length)
                {
                    return k * Width;
                }

                Vector512<byte> leftIdx = Vector512.LoadUnsafe(ref li, (nuint)(k * Width));
                Vector512<byte> rightIdx = Vector512.LoadUnsafe(ref ri, (nuint)(k * Width));
                Vector512<byte> t0 = Vector512.LoadUnsafe(ref s, (nuint)(topRow + first));
                Vector512<byte> t1 = Vector512.LoadUnsafe(ref s, (nuint)(topRow + first + Width));
                Vector512<byte> b0 = Vector512.LoadUnsafe(ref s, (nuint)(bottomRow + first));
                Vector512<byte> b1 = Vector512.LoadUnsafe(ref s, (nuint)(bottomRow + first + Width));
                Vector512<byte> tl = Avx512Vbmi.PermuteVar64x8x2(t0, leftIdx, t1);
                Vector512<byte> tr = Avx512Vbmi.PermuteVar64x8x2(t0, rightIdx, t1);
                Vector512<byte> bl = Avx512Vbmi.PermuteVar64x8x2(b0, leftIdx, b1);
                Vector512<byte> br = Avx512Vbmi.PermuteVar64x8x2(b0, rightIdx, b1);
                int o = k * Width;
                Quarter(tl.GetLower().GetLower(), tr.GetLower().GetLower(), bl.GetLower().GetLower(), br.GetLower().GetLower(), ref l, ref il, o, tbV, invTbV, ref d, outRow);
                Quarter(tl.GetLower().GetUpper(), tr.GetLower().GetUpper(), bl.GetLower().GetUpper(), br.GetLower().GetUpper(), ref l, ref il, o + 16, tbV, invTbV, ref d, outRow);
                Quarter(tl.GetUpper().GetLower(), tr.GetUpper().GetLower(), bl.GetUpper().GetLower(), br.GetUpper().GetLower(), ref l, ref il, o + 32, tbV, invTbV, ref d, outRow);
                Quarter(tl.GetUpper().GetUpper(), tr.GetUpper().GetUpper(), bl.GetUpper().GetUpper(), br.GetUpper().GetUpper(), ref l, ref il, o + 48, tbV, invTbV, ref d, outRow);
            }

            return _base.Length * Width;
        }

        /// <summary>Sixteen output bytes from their four neighbours: dlib's lane arithmetic, sixteen lanes wide.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Quarter(Vector128<byte> tl, Vector128<byte> tr, Vector128<byte> bl, Vector128<byte> br, ref float lr, ref float invLr,
            int o, Vector512<float> tb, Vector512<float> invTb, ref byte d, int outRow)
        {
            Vector512<float> w = Vector512.LoadUnsafe(ref lr, (nuint)o), iw = Vector512.LoadUnsafe(ref invLr, (nuint)o);
            Vector512<float> tlf = Avx512F.Multiply(invTb, iw), trf = Avx512F.Multiply(invTb, w);
            Vector512<float> blf = Avx512F.Multiply(tb, iw), brf = Avx512F.Multiply(tb, w);
            Vector512<float> v = Avx512F.Add(Avx512F.Multiply(tlf, ToFloat(tl)), Avx512F.Multiply(trf, ToFloat(tr)));
            v = Avx512F.Add(v, Avx512F.Multiply(blf, ToFloat(bl)));
            v = Avx512F.Add(v, Avx512F.Multiply(brf, ToFloat(br)));
            Vector128<byte> bytes = Avx512F.ConvertToVector128Byte(Avx512F.ConvertToVector512Int32WithTruncation(v));
            bytes.StoreUnsafe(ref d, (nuint)(outRow + o));
        }

        private static Vector512<float> ToFloat(Vector128<byte> bytes) => Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(bytes));
    }
}
