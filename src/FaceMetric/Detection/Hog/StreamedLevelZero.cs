using System.Runtime.Intrinsics.X86;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// The first pyramid level of a photo upsampled once (dlib's <c>pyramid_up</c>), made a band of rows at a time instead
/// of whole: each band's rows are resized from the photo, add their votes to the level's histograms and give the next
/// level (<c>pyramid_down&lt;6&gt;</c>) the rows that lie within them. The upsampled image, four times the photo and the
/// largest buffer of a scan, never exists; the features and the next level are those of the whole-image path, bit for
/// bit (each row is made by the same arithmetic, and votes are added in the same order).
/// </summary>
internal static class StreamedLevelZero
{
    /// <summary>Rows of the upsampled image held at once (the last two are carried into the next band).</summary>
    internal const int BandRows = 64;

    /// <summary>
    /// The fHOG features of <c>pyramid_up(<paramref name="photo"/>)</c> and, when <paramref name="nextLevel"/>, that
    /// image's <c>pyramid_down&lt;6&gt;</c> in a block of <paramref name="pool"/> (given back by the caller).
    /// </summary>
    public static (FhogFeatures Features, RgbRaster? Next, HogBlock<byte>? NextPixels) Extract(
        RgbRaster photo, HogModel model, HogBuffers pool, bool nextLevel)
    {
        var (width, height) = DlibBilinearResize.PyramidUpSize(photo);
        HogBlock<byte>? nextPixels = null;
        RgbRaster? next = null;
        DlibBilinearResize.Plan? down = null;
        if (nextLevel)
        {
            var (nextWidth, nextHeight) = DlibBilinearResize.PyramidDown6Size(width, height);
            nextPixels = pool.Rent<byte>(checked(nextWidth * nextHeight * 3));
            next = new RgbRaster(nextWidth, nextHeight, nextPixels.Memory);
            if (nextWidth > 0 && nextHeight > 0)
            {
                down = new DlibBilinearResize.Plan(width, height, nextWidth, nextHeight, Avx512Vbmi.IsSupported);
            }
        }

        if (width == 0 || height == 0)
        {
            return (FhogExtractor.Extract(new RgbRaster(0, 0), model.CellSize, model.FilterHeight, model.FilterWidth, pool), next, nextPixels);
        }

        try
        {
            var up = new DlibBilinearResize.Plan(photo.Width, photo.Height, width, height, Avx512Vbmi.IsSupported);
            HogBlock<byte> band = pool.Rent<byte>(checked(BandRows * width * 3));
            try
            {
                bool filled = false;
                FhogFeatures features = FhogExtractor.Extract(width, height, model.CellSize, model.FilterHeight, model.FilterWidth, pool,
                    (hist, histCols, visibleNr, visibleNc) =>
                    {
                        filled = true;
                        RunBands(photo, up, width, height, band, down, next, hist, histCols, visibleNr, visibleNc, model.CellSize);
                    });
                if (!filled && down is not null)
                {
                    // A level too small for features: only the next level's rows are wanted.
                    RunBands(photo, up, width, height, band, down, next, [], 0, 0, 0, model.CellSize);
                }

                return (features, next, nextPixels);
            }
            finally
            {
                pool.Return(band);
            }
        }
        catch
        {
            if (nextPixels is not null)
            {
                pool.Return(nextPixels);
            }

            throw;
        }
    }

    /// <summary>
    /// Only the next level: <c>pyramid_down&lt;6&gt;(pyramid_up(<paramref name="photo"/>))</c>, made through bands of the
    /// upsampled image, in a block of <paramref name="pool"/> (given back by the caller). With
    /// <see cref="Extract"/>(nextLevel: false) on another thread, the two run at once.
    /// </summary>
    public static (RgbRaster Next, HogBlock<byte> NextPixels) NextLevel(RgbRaster photo, HogBuffers pool)
    {
        var (width, height) = DlibBilinearResize.PyramidUpSize(photo);
        var (nextWidth, nextHeight) = DlibBilinearResize.PyramidDown6Size(width, height);
        HogBlock<byte> nextPixels = pool.Rent<byte>(checked(nextWidth * nextHeight * 3));
        var next = new RgbRaster(nextWidth, nextHeight, nextPixels.Memory);
        if (nextWidth == 0 || nextHeight == 0)
        {
            return (next, nextPixels);
        }

        try
        {
            var up = new DlibBilinearResize.Plan(photo.Width, photo.Height, width, height, Avx512Vbmi.IsSupported);
            var down = new DlibBilinearResize.Plan(width, height, nextWidth, nextHeight, Avx512Vbmi.IsSupported);
            HogBlock<byte> band = pool.Rent<byte>(checked(BandRows * width * 3));
            try
            {
                RunBands(photo, up, width, height, band, down, next, [], 0, 0, 0, 1);
            }
            finally
            {
                pool.Return(band);
            }

            return (next, nextPixels);
        }
        catch
        {
            pool.Return(nextPixels);
            throw;
        }
    }

    /// <summary>
    /// Makes the upsampled image band by band (rows [lo, hi), the first two carried over from the band before): the
    /// histogram votes of rows 1 to <paramref name="visibleNr"/> - 1 (none when <paramref name="visibleNr"/> is 0) and
    /// the next level's rows as soon as both their source rows are in a band.
    /// </summary>
    private static void RunBands(RgbRaster photo, DlibBilinearResize.Plan up, int width, int height, HogBlock<byte> bandPixels,
        DlibBilinearResize.Plan? down, RgbRaster? next, Span<float> hist, int histCols, int visibleNr, int visibleNc, int cellSize)
    {
        int stride = width * 3;
        ReadOnlySpan<byte> source = photo.Pixels;
        Span<byte> band = bandPixels.Span;
        Span<byte> nextRows = next is null ? [] : next.Pixels;
        int nextStride = next is null ? 0 : next.Stride, nextHeight = next?.Height ?? 0;
        int lo = 0, hi = 0, y = 1, nextRow = 0;
        while (hi < height)
        {
            // Carry the last two rows of the band before; make the rest.
            int carried = 0;
            if (hi > 0)
            {
                band.Slice((hi - 2 - lo) * stride, 2 * stride).CopyTo(band);
                lo = hi - 2;
                carried = 2;
            }

            hi = Math.Min(lo + BandRows, height);
            for (int r = lo + carried; r < hi; r++)
            {
                up.Row(r, source, up.Top(r) * photo.Stride, up.Bottom(r) * photo.Stride, band, (r - lo) * stride);
            }

            // Rows y use rows y - 1 to y + 1: those whose three rows are all in the band (visibleNr < height).
            var rows = new RgbRaster(width, hi - lo, bandPixels.Memory);
            int yTo = Math.Min(visibleNr, hi - 1);
            if (y < yTo)
            {
                FhogExtractor.AccumulateHistograms(rows, lo, y, yTo, cellSize, visibleNc, hist, histCols);
                y = yTo;
            }

            if (down is not null)
            {
                for (; nextRow < nextHeight && down.Bottom(nextRow) < hi; nextRow++)
                {
                    down.Row(nextRow, rows.Pixels, (down.Top(nextRow) - lo) * stride, (down.Bottom(nextRow) - lo) * stride, nextRows, nextRow * nextStride);
                }
            }
        }
    }
}
