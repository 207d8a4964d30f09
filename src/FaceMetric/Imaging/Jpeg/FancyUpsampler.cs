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
    private readonly int[] _colSums;

    /// <exception cref="JpegRejectedException">The sampling ratio is not integral (libjpeg: JERR_FRACT_SAMPLE_NOTIMPL).</exception>
    public FancyUpsampler(JpegFrame frame, JpegComponent component)
    {
        _component = component;
        _width = frame.Width;
        _inWidth = component.DownsampledWidth;
        _inHeight = component.DownsampledHeight;
        int hIn = component.HorizontalSampling, vIn = component.VerticalSampling;
        int hOut = frame.MaxHorizontalSampling, vOut = frame.MaxVerticalSampling;
        _colSums = [];
        if (hIn == hOut && vIn == vOut)
        {
            _method = Method.FullSize;
        }
        else if (hIn * 2 == hOut && vIn == vOut)
        {
            _method = _inWidth > 2 ? Method.H2V1Fancy : Method.Box;
        }
        else if (hIn == hOut && vIn * 2 == vOut)
        {
            _method = Method.H1V2Fancy;
        }
        else if (hIn * 2 == hOut && vIn * 2 == vOut)
        {
            _method = _inWidth > 2 ? Method.H2V2Fancy : Method.Box;
            _colSums = new int[_inWidth];
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
        _row = _method == Method.FullSize ? [] : new byte[Math.Max(_width, 2 * _inWidth) + 8];
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
                H2V1(plane.AsSpan(y * stride, _inWidth), _row);
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
    // alternating biases (+1 for the left output, +2 for the right); the edge outputs repeat the edge sample.
    private static void H2V1(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int n = input.Length;
        int value = input[0];
        output[0] = (byte)value;
        output[1] = (byte)(((value * 3) + input[1] + 2) >> 2);
        for (int x = 1; x < n - 1; x++)
        {
            value = input[x] * 3;
            output[2 * x] = (byte)((value + input[x - 1] + 1) >> 2);
            output[(2 * x) + 1] = (byte)((value + input[x + 1] + 2) >> 2);
        }

        value = input[n - 1];
        output[(2 * n) - 2] = (byte)(((value * 3) + input[n - 2] + 1) >> 2);
        output[(2 * n) - 1] = (byte)value;
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
        Span<int> sums = _colSums;
        for (int x = 0; x < sums.Length; x++)
        {
            sums[x] = (a[x] * 3) + b[x];
        }

        Span<byte> output = _row;
        int n = sums.Length;
        output[0] = (byte)(((sums[0] * 4) + 8) >> 4);
        output[1] = (byte)(((sums[0] * 3) + sums[1] + 7) >> 4);
        for (int x = 1; x < n - 1; x++)
        {
            int s3 = sums[x] * 3;
            output[2 * x] = (byte)((s3 + sums[x - 1] + 8) >> 4);
            output[(2 * x) + 1] = (byte)((s3 + sums[x + 1] + 7) >> 4);
        }

        output[(2 * n) - 2] = (byte)(((sums[n - 1] * 3) + sums[n - 2] + 8) >> 4);
        output[(2 * n) - 1] = (byte)(((sums[n - 1] * 4) + 7) >> 4);
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
