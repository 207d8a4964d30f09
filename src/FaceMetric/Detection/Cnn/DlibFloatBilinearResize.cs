using FaceMetric.Geometry;

namespace FaceMetric.Detection.Cnn;

/// <summary>
/// dlib's <c>resize_image(in, out, interpolate_bilinear())</c> for float grayscale images (dlib/image_transforms/
/// interpolation.h), which dlib's CPU <c>tt::resize_bilinear</c> runs on every channel of a tensor: output pixel
/// (c, r) samples input position (c * sx, r * sy), sx = (in.cols - 1) / (out.cols - 1). Columns go four at a time
/// in float (the same column walk as the 8-bit version, <see cref="DlibColumnWalk.VectorColumns"/>: positions
/// accumulated in float, truncated, weights multiplied out, the four products summed left to right); the columns left
/// at the right end use a float column fraction and double row weights, rounded once to float. No fused
/// multiply-adds, as dlib's x86-64 build (SSE2) has none.
/// </summary>
/// <remarks>
/// One instance is the plan for one input and output size: the column walk and the row positions (dlib accumulates
/// the row position in double, row after row, so it is tabulated once). Output rows can then be made one at a time, in
/// any order, each from its two input rows (<see cref="ResizeRow"/>), with the same floats as the whole resize.
/// Immutable; thread-safe.
/// </remarks>
internal sealed class DlibFloatBilinearResize
{
    private readonly int _inW;
    private readonly int _vectorEnd;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly float[] _lr;
    private readonly float[] _invLr;
    private readonly int[] _top;
    private readonly double[] _tb;

    /// <summary>Plans the resize of an <paramref name="inW"/> x <paramref name="inH"/> image to <paramref name="outW"/> x <paramref name="outH"/> (all positive).</summary>
    public DlibFloatBilinearResize(int inW, int inH, int outW, int outH)
    {
        _inW = inW;
        InputRows = inH;
        OutputColumns = outW;
        OutputRows = outH;
        double xScale = (inW - 1) / (double)Math.Max(outW - 1, 1);
        double yScale = (inH - 1) / (double)Math.Max(outH - 1, 1);
        _left = new int[outW];
        _right = new int[outW];
        _lr = new float[outW];
        _invLr = new float[outW];
        _vectorEnd = DlibColumnWalk.VectorColumns(xScale, inW, outW, _left, _lr, _invLr);
        double x = -xScale + (_vectorEnd * xScale);
        for (int c = _vectorEnd; c < outW; c++)
        {
            x += xScale;
            _left[c] = (int)Math.Floor(x);
            _right[c] = Math.Min(_left[c] + 1, inW - 1);
            _lr[c] = (float)(x - _left[c]);
        }

        _top = new int[outH];
        _tb = new double[outH];
        double y = -yScale;
        for (int r = 0; r < outH; r++)
        {
            y += yScale;
            _top[r] = (int)Math.Floor(y);
            _tb[r] = y - _top[r];
        }
    }

    /// <summary>Rows of the input.</summary>
    public int InputRows { get; }

    /// <summary>Columns of the output.</summary>
    public int OutputColumns { get; }

    /// <summary>Rows of the output.</summary>
    public int OutputRows { get; }

    /// <summary>Resizes the region <paramref name="from"/> of a plane into its region <paramref name="to"/> (they must not overlap).</summary>
    /// <param name="plane">One channel, row-major, <paramref name="stride"/> values per row.</param>
    /// <param name="stride">Values per row of <paramref name="plane"/>.</param>
    /// <param name="from">The source region (dlib rectangle, inclusive).</param>
    /// <param name="to">The destination region.</param>
    public static void Resize(Span<float> plane, int stride, PixelRect from, PixelRect to)
    {
        int inW = (int)from.Width, inH = (int)from.Height, outW = (int)to.Width, outH = (int)to.Height;
        if (outW == 0 || outH == 0 || inW == 0 || inH == 0)
        {
            return;
        }

        var plan = new DlibFloatBilinearResize(inW, inH, outW, outH);
        for (int r = 0; r < outH; r++)
        {
            var (top, bottom) = plan.SourceRows(r);
            plan.ResizeRow(
                r,
                plane.Slice((int)(((from.Top + top) * stride) + from.Left), inW),
                plane.Slice((int)(((from.Top + bottom) * stride) + from.Left), inW),
                plane.Slice((int)(((to.Top + r) * stride) + to.Left), outW));
        }
    }

    /// <summary>The two input rows that output row <paramref name="r"/> reads (the same row at the bottom edge).</summary>
    public (int Top, int Bottom) SourceRows(int r) => (_top[r], Math.Min(_top[r] + 1, InputRows - 1));

    /// <summary>Makes output row <paramref name="r"/> from its input rows (<see cref="SourceRows"/>).</summary>
    /// <param name="r">The output row.</param>
    /// <param name="topRow">Input row <c>SourceRows(r).Top</c>.</param>
    /// <param name="bottomRow">Input row <c>SourceRows(r).Bottom</c>.</param>
    /// <param name="outRow">The output row, <see cref="OutputColumns"/> values.</param>
    public void ResizeRow(int r, ReadOnlySpan<float> topRow, ReadOnlySpan<float> bottomRow, Span<float> outRow)
    {
        topRow = topRow[.._inW];
        bottomRow = bottomRow[.._inW];
        outRow = outRow[..OutputColumns];
        double tb = _tb[r];
        float tbF = (float)tb, invTbF = (float)(1 - tb);
        for (int c = 0; c < _vectorEnd; c++)
        {
            float f = _lr[c], g = _invLr[c];
            float tlf = invTbF * g, trf = invTbF * f, blf = tbF * g, brf = tbF * f;
            int l = _left[c];
            float v = (tlf * topRow[l]) + (trf * topRow[l + 1]);
            v += blf * bottomRow[l];
            v += brf * bottomRow[l + 1];
            outRow[c] = v;
        }

        for (int c = _vectorEnd; c < outRow.Length; c++)
        {
            int l = _left[c], rt = _right[c];
            float f = _lr[c];
            float upper = ((1 - f) * topRow[l]) + (f * topRow[rt]);
            float lower = ((1 - f) * bottomRow[l]) + (f * bottomRow[rt]);
            outRow[c] = (float)(((1 - tb) * upper) + (tb * lower));
        }
    }
}
