using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceMetric.Imaging.Jpeg;

/// <summary>
/// Brings one component's plane to full image resolution, row by row, choosing the method exactly as libjpeg-turbo
/// 2.1's jinit_upsampler does with its defaults (do_fancy_upsampling on, no IDCT scaling):
/// <list type="bullet">
/// <item>full size: the plane row itself;</item>
/// <item>2:1 horizontal, 1:1 vertical: h2v1_fancy_upsample (triangle filter) when the downsampled width exceeds 2,
///   otherwise box replication;</item>
/// <item>1:1 horizontal, 2:1 vertical: h1v2_fancy_upsample;</item>
/// <item>2:1 both ways: h2v2_fancy_upsample when the downsampled width exceeds 2, otherwise box replication;</item>
/// <item>any other integral ratio: int_upsample (box replication).</item>
/// </list>
/// The fancy filters read the row above and below (jdmainct.c's context rows): above the first row and below the last
/// real row (downsampled_height - 1) the edge row is repeated, and horizontally the filters stop at the downsampled
/// width, the edge sample standing in for its missing neighbour. Padding samples of partial blocks are never read.
/// </summary>
internal sealed class FancyUpsampler
{
    private enum Method
    {
        FullSize,
        H2V1Fancy,
        H1V2Fancy,
        H2V2Fancy,
        Box,
    }

    private readonly Method _method;
    private readonly JpegComponent _component;
    private readonly int _width;           // output width (the image width)
    private readonly int _inWidth;         // downsampled width
    private readonly int _inHeight;        // downsampled height
    private readonly int _hExpand;
    private readonly int _vExpand;
    private readonly byte[] _row;
    private readonly short[] _sums;  // filter input of the horizontal triangle filter, edge-padded (see Triangle)

    /// <exception cref="JpegRejectedException">The sampling ratio is not integral (libjpeg: JERR_FRACT_SAMPLE_NOTIMPL).</exception>
    public FancyUpsampler(JpegFrame frame, JpegComponent component)
    {
        _component = component;
        _width = frame.Width;
        _inWidth = component.DownsampledWidth;
        _inHeight = component.DownsampledHeight;
        int hIn = component.HorizontalSampling, vIn = component.VerticalSampling;
        int hOut = frame.MaxHorizontalSampling, vOut = frame.MaxVerticalSampling;
        _sums = [];
        if (hIn == hOut && vIn == vOut)
        {
            _method = Method.FullSize;
        }
        else if (hIn * 2 == hOut && vIn == vOut)
        {
            _method = _inWidth > 2 ? Method.H2V1Fancy : Method.Box;
            _sums = new short[_inWidth + 2 + Vector256<short>.Count];
        }
        else if (hIn == hOut && vIn * 2 == vOut)
        {
            _method = Method.H1V2Fancy;
        }
        else if (hIn * 2 == hOut && vIn * 2 == vOut)
        {
            _method = _inWidth > 2 ? Method.H2V2Fancy : Method.Box;
            _sums = new short[_inWidth + 2 + Vector256<short>.Count];
        }
        else if (hOut % hIn == 0 && vOut % vIn == 0)
        {
            _method = Method.Box;
        }
        else
        {
            throw JpegRejectedException.NotSupported("non-integral sampling ratio");
        }

        _hExpand = hOut / hIn;
        _vExpand = vOut / vIn;
        _row = _method == Method.FullSize ? [] : new byte[Math.Max(_width, 2 * _inWidth) + (2 * Vector256<short>.Count)];
    }

    /// <summary>The component's samples for image row <paramref name="y"/>; at least the image width of them.</summary>
    public ReadOnlySpan<byte> Row(int y)
    {
        byte[] plane = _component.Plane!;
        int stride = _component.Stride;
        switch (_method)
        {
            case Method.FullSize:
                return plane.AsSpan(y * stride, _width);
            case Method.H2V1Fancy:
                H2V1(plane.AsSpan(y * stride, _inWidth));
                return _row;
            case Method.H1V2Fancy:
                H1V2(plane, stride, y);
                return _row;
            case Method.H2V2Fancy:
                H2V2(plane, stride, y);
                return _row;
            default:
                Box(plane.AsSpan(y / _vExpand * stride, _inWidth));
                return _row;
        }
    }

    // h2v1_fancy_upsample: each output pair is 3/4 of the nearer and 1/4 of the farther input sample, rounded with
    // alternating biases (+1 for the left output, +2 for the right); the edge outputs repeat the edge sample, which
    // is what the filter gives with the edge sample standing in for its missing neighbour.
    private void H2V1(ReadOnlySpan<byte> input)
    {
        Span<short> padded = _sums.AsSpan(0, input.Length + 2);
        Widen(input, padded[1..]);
        padded[0] = padded[1];
        padded[^1] = padded[^2];
        Triangle(padded, input.Length, 1, 2, 2, _row);
    }

    // The input row nearest to output row y (y / 2) and the next nearest (the row above for even y, below for odd y),
    // with the edge rows repeated beyond the top and the last real row.
    private (int Near, int Far, int Odd) VerticalPair(int y)
    {
        int near = y >> 1;
        int odd = y & 1;
        int far = odd == 0 ? Math.Max(near - 1, 0) : Math.Min(near + 1, _inHeight - 1);
        return (near, far, odd);
    }

    // h1v2_fancy_upsample: 3/4 of the nearer row and 1/4 of the farther, bias 1 for the upper output row, 2 for the lower.
    private void H1V2(byte[] plane, int stride, int y)
    {
        (int near, int far, int odd) = VerticalPair(y);
        ReadOnlySpan<byte> a = plane.AsSpan(near * stride, _inWidth);
        ReadOnlySpan<byte> b = plane.AsSpan(far * stride, _inWidth);
        int bias = 1 + odd;
        Span<byte> output = _row;
        for (int x = 0; x < a.Length; x++)
        {
            output[x] = (byte)(((a[x] * 3) + b[x] + bias) >> 2);
        }
    }

    // h2v2_fancy_upsample: vertical 3:1 column sums first, then the horizontal triangle filter on the sums
    // (9/16, 3/16, 3/16, 1/16 overall), rounding biases +8 and +7 alternating; the edges use the edge column sum.
    private void H2V2(byte[] plane, int stride, int y)
    {
        (int near, int far, _) = VerticalPair(y);
        ReadOnlySpan<byte> a = plane.AsSpan(near * stride, _inWidth);
        ReadOnlySpan<byte> b = plane.AsSpan(far * stride, _inWidth);
        Span<short> padded = _sums.AsSpan(0, _inWidth + 2);
        ColumnSums(a, b, padded[1..]);
        padded[0] = padded[1];
        padded[^1] = padded[^2];
        Triangle(padded, _inWidth, 8, 7, 4, _row);
    }

    // sums[x] = 3 a[x] + b[x] (at most 1020) for x below a.Length.
    private static void ColumnSums(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<short> sums)
    {
        int n = a.Length;
        int x = 0;
        if (Avx2.IsSupported)
        {
            ref byte ra = ref MemoryMarshal.GetReference(a);
            ref byte rb = ref MemoryMarshal.GetReference(b);
            ref short rs = ref MemoryMarshal.GetReference(sums);
            for (; x <= n - 16; x += 16)
            {
                Vector256<short> va = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref ra, (nuint)x));
                Vector256<short> vb = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref rb, (nuint)x));
                ((va * 3) + vb).StoreUnsafe(ref rs, (nuint)x);
            }
        }

        for (; x < n; x++)
        {
            sums[x] = (short)((a[x] * 3) + b[x]);
        }
    }

    private static void Widen(ReadOnlySpan<byte> input, Span<short> output)
    {
        int n = input.Length;
        int x = 0;
        if (Avx2.IsSupported)
        {
            ref byte ri = ref MemoryMarshal.GetReference(input);
            ref short ro = ref MemoryMarshal.GetReference(output);
            for (; x <= n - 16; x += 16)
            {
                Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref ri, (nuint)x)).StoreUnsafe(ref ro, (nuint)x);
            }
        }

        for (; x < n; x++)
        {
            output[x] = input[x];
        }
    }

    // The horizontal triangle filter shared by h2v1 and h2v2: for x in 0..n-1, with p = padded[x + 1] the sample and
    // padded[x], padded[x + 2] its neighbours (the edge samples repeated at both ends),
    //   output[2x]     = (3 p + left  + evenBias) >> shift
    //   output[2x + 1] = (3 p + right + oddBias)  >> shift
    // Every value fits in 16 bits (at most 4 * 1020 + 8).
    private static void Triangle(ReadOnlySpan<short> padded, int n, int evenBias, int oddBias, int shift, Span<byte> output)
    {
        int x = 0;
        if (Avx2.IsSupported)
        {
            ref short rp = ref MemoryMarshal.GetReference(padded);
            ref byte ro = ref MemoryMarshal.GetReference(output);
            Vector256<short> even = Vector256.Create((short)evenBias);
            Vector256<short> odd = Vector256.Create((short)oddBias);

            // Interleaves the even outputs (bytes 0..7 of each lane after packing) with the odd ones (bytes 8..15).
            Vector256<byte> interleave = Vector256.Create(
                (byte)0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15,
                0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
            for (; x <= n - 16; x += 16)
            {
                Vector256<short> left = Vector256.LoadUnsafe(ref rp, (nuint)x);
                Vector256<short> centre3 = Vector256.LoadUnsafe(ref rp, (nuint)x + 1) * 3;
                Vector256<short> right = Vector256.LoadUnsafe(ref rp, (nuint)x + 2);
                Vector256<short> e = Vector256.ShiftRightArithmetic(centre3 + left + even, shift);
                Vector256<short> o = Vector256.ShiftRightArithmetic(centre3 + right + odd, shift);
                Vector256<byte> packed = Avx2.PackUnsignedSaturate(e, o);
                Avx2.Shuffle(packed, interleave).StoreUnsafe(ref ro, (nuint)(2 * x));
            }
        }

        for (; x < n; x++)
        {
            int p3 = padded[x + 1] * 3;
            output[2 * x] = (byte)((p3 + padded[x] + evenBias) >> shift);
            output[(2 * x) + 1] = (byte)((p3 + padded[x + 2] + oddBias) >> shift);
        }
    }

    // int_upsample / h2v1_upsample / h2v2_upsample: each input sample repeated h times (rows repeated v times).
    private void Box(ReadOnlySpan<byte> input)
    {
        Span<byte> output = _row;
        int x = 0;
        for (int i = 0; x < _width; i++)
        {
            byte value = input[i];
            for (int k = 0; k < _hExpand && x < _width; k++)
            {
                output[x++] = value;
            }
        }
    }
}
