using FaceMetric.Geometry;
using FaceMetric.Alignment;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// dlib's <c>object_detector&lt;scan_fhog_pyramid&lt;pyramid_down&lt;6&gt;&gt;&gt;</c>: builds the fHOG pyramid of an image
/// level by level, runs every filter of the model over every level, keeps the windows scoring at least bias + adjustment,
/// maps them back to image pixels, and suppresses overlaps across filters greedily from the highest confidence.
/// Stateless apart from the immutable model: thread-safe.
/// </summary>
internal sealed class HogScanner(HogModel model)
{
    public HogModel Model { get; } = model;

    /// <summary>The work buffers of every scan (and of the caller's upsampling): kept across calls, shared by threads.</summary>
    public HogBuffers Buffers { get; } = new();

    /// <summary>Detects in <paramref name="image"/>; boxes in its pixels, highest confidence first.</summary>
    /// <remarks>
    /// One level at a time: a level's features are made, every filter is run over them, and they are given back before
    /// the next level is made, so only one level's features are alive (the first is the largest: about a third of the
    /// whole pyramid). Each filter's windows are kept in level order, then sorted as dlib sorts each filter's list, so
    /// the detections are those of scanning filter by filter over a whole pyramid, in the same order. With
    /// <paramref name="threads"/> over 1, up to that many levels are scanned at once (their features alive together),
    /// with the same result.
    /// </remarks>
    /// <param name="image">The (upsampled) image.</param>
    /// <param name="adjustThreshold">Added to every filter's bias.</param>
    /// <param name="threads">Levels scanned at once, 1 or more.</param>
    /// <param name="upsampleFirst">Scan <c>pyramid_up(image)</c> instead, made band by band (<see cref="StreamedLevelZero"/>):
    /// the boxes are in the upsampled image's pixels.</param>
    public List<HogDetection> Detect(RgbRaster image, double adjustThreshold, int threads = 1, bool upsampleFirst = false)
    {
        List<HogDetection>[] perFilter = ScanPerFilter(image, adjustThreshold, threads, upsampleFirst);

        // Each filter's windows as dlib returns them (by confidence), the filters one after another, then std::sort by
        // confidence, descending (stable sorts: dlib's order of exact ties is unspecified).
        var accumulated = new List<HogDetection>();
        foreach (List<HogDetection> found in perFilter)
        {
            accumulated.AddRange(found.OrderByDescending(d => d.Confidence));
        }

        var sorted = accumulated.OrderByDescending(d => d.Confidence).ToList();
        var kept = new List<HogDetection>();
        foreach (HogDetection candidate in sorted)
        {
            bool overlaps = false;
            foreach (HogDetection k in kept)
            {
                if (Overlaps(k.Rect, candidate.Rect))
                {
                    overlaps = true;
                    break;
                }
            }

            if (!overlaps)
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }

    /// <summary>Each filter's windows over every level, in level order (before dlib's sorting and suppression).</summary>
    internal List<HogDetection>[] ScanPerFilter(RgbRaster image, double adjustThreshold, int threads, bool upsampleFirst = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var (width, height) = upsampleFirst ? DlibBilinearResize.PyramidUpSize(image) : (image.Width, image.Height);
        return threads > 1 && LevelCount(width, height) > 1
            ? ScanLevelsAtOnce(image, adjustThreshold, threads, upsampleFirst)
            : ScanLevelsInTurn(image, adjustThreshold, upsampleFirst);
    }

    /// <summary>Every filter over every level, one level after another on this thread: each filter's windows in level order.</summary>
    private List<HogDetection>[] ScanLevelsInTurn(RgbRaster image, double adjustThreshold, bool upsampleFirst)
    {
        var perFilter = new List<HogDetection>[Model.Filters.Count];
        for (int f = 0; f < perFilter.Length; f++)
        {
            perFilter[f] = [];
        }

        // Work space for every filter and level, sized for the first (largest) level: each filter pass writes all of
        // its region before reading it, so nothing needs clearing between passes.
        float[] saliency = [], scratch = [];
        ForEachLevel(image, pooled: true, (features, level) =>
        {
            if (features.IsEmpty)
            {
                return;
            }

            if (features.Rows * features.Cols > saliency.Length)
            {
                saliency = new float[features.Rows * features.Cols];
                scratch = new float[features.Rows * features.Cols];
            }

            for (int f = 0; f < perFilter.Length; f++)
            {
                ScanLevel(features, level, Model.Filters[f], f, adjustThreshold, saliency, scratch, perFilter[f]);
            }
        }, upsampleFirst);
        return perFilter;
    }

    /// <summary>
    /// The same windows in the same order, with up to <paramref name="threads"/> levels scanned at once: this thread
    /// makes each level's pixels from the previous level's (dlib's chain of resizes), and each level's features and
    /// filters run as a task of their own as soon as its pixels exist. A level's pixels go back to the pool when both its
    /// task and the resize that makes the next level from them are done. Each level's windows are kept apart and joined
    /// in level order, as <see cref="ScanLevelsInTurn"/> appends them.
    /// </summary>
    private List<HogDetection>[] ScanLevelsAtOnce(RgbRaster image, double adjustThreshold, int threads, bool upsampleFirst)
    {
        var (width0, height0) = upsampleFirst ? DlibBilinearResize.PyramidUpSize(image) : (image.Width, image.Height);
        int levels = LevelCount(width0, height0);
        var perLevel = new List<HogDetection>[levels][];
        var tasks = new List<Task>(levels);
        using var slots = new SemaphoreSlim(threads, threads);
        RgbRaster level = image;
        PixelShare? share = null;
        Exception? failure = null;
        try
        {
            for (int l = 0; l < levels; l++)
            {
                if (l == 0 && upsampleFirst)
                {
                    // The upsampled level's features are made band by band and scanned as a task of their own, while this
                    // thread makes level 1 from bands of the upsampled image too (each band is resized twice, a small
                    // cost next to holding the whole upsampled image).
                    slots.Wait();
                    tasks.Add(Task.Run(() =>
                    {
                        try
                        {
                            perLevel[0] = ScanFeatures(StreamedLevelZero.Extract(image, Model, Buffers, nextLevel: false).Features, 0, adjustThreshold);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }));
                    var (next, nextPixels) = StreamedLevelZero.NextLevel(image, Buffers);
                    (level, share) = (next, new PixelShare(Buffers, nextPixels));
                    continue;
                }

                if (l > 0 && !(l == 1 && upsampleFirst))
                {
                    var (width, height) = DlibBilinearResize.PyramidDown6Size(level);
                    HogBlock<byte> pixels = Buffers.Rent<byte>(checked(width * height * 3));
                    var next = new RgbRaster(width, height, pixels.Memory);
                    DlibBilinearResize.Resize(level, next);
                    share?.Release();
                    (level, share) = (next, new PixelShare(Buffers, pixels));
                }

                slots.Wait();
                int index = l;
                RgbRaster pixelsOfLevel = level;
                PixelShare? shareOfLevel = share;
                shareOfLevel?.Retain();
                tasks.Add(Task.Run(() =>
                {
                    try
                    {
                        perLevel[index] = ScanOneLevel(pixelsOfLevel, index, adjustThreshold);
                    }
                    finally
                    {
                        shareOfLevel?.Release();
                        slots.Release();
                    }
                }));
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            share?.Release();
            try
            {
                Task.WaitAll([.. tasks]);
            }
            catch (AggregateException e)
            {
                failure ??= e.InnerExceptions[0];
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        var perFilter = new List<HogDetection>[Model.Filters.Count];
        for (int f = 0; f < perFilter.Length; f++)
        {
            perFilter[f] = [];
            foreach (List<HogDetection>[] found in perLevel)
            {
                perFilter[f].AddRange(found[f]);
            }
        }

        return perFilter;
    }

    /// <summary>One level's features and every filter over them: each filter's windows.</summary>
    private List<HogDetection>[] ScanOneLevel(RgbRaster pixels, int level, double adjustThreshold) =>
        ScanFeatures(FhogExtractor.Extract(pixels, Model.CellSize, Model.FilterHeight, Model.FilterWidth, Buffers), level, adjustThreshold);

    /// <summary>Every filter over one level's pooled features, which are then given back: each filter's windows.</summary>
    private List<HogDetection>[] ScanFeatures(FhogFeatures features, int level, double adjustThreshold)
    {
        var found = new List<HogDetection>[Model.Filters.Count];
        for (int f = 0; f < found.Length; f++)
        {
            found[f] = [];
        }

        try
        {
            if (features.IsEmpty)
            {
                return found;
            }

            int length = features.Rows * features.Cols;
            HogBlock<float> saliency = Buffers.Rent<float>(length), scratch = Buffers.Rent<float>(length);
            try
            {
                for (int f = 0; f < found.Length; f++)
                {
                    ScanLevel(features, level, Model.Filters[f], f, adjustThreshold, saliency.Span, scratch.Span, found[f]);
                }
            }
            finally
            {
                Buffers.Return(saliency);
                Buffers.Return(scratch);
            }
        }
        finally
        {
            features.ReturnPlanes();
        }

        return found;
    }

    /// <summary>How many pyramid levels dlib scans for an image of this size.</summary>
    public int LevelCount(int width, int height)
    {
        var rect = new PixelRect(0, 0, width - 1, height - 1);
        int levels = 0;
        do
        {
            rect = RectDown6(rect);
            levels++;
        }
        while (rect.Width >= Model.MinLevelWidth && rect.Height >= Model.MinLevelHeight && levels < Model.MaxPyramidLevels);
        return levels;
    }

    /// <summary>The fHOG features of every pyramid level (level 0 is the image itself).</summary>
    public List<FhogFeatures> BuildPyramid(RgbRaster image)
    {
        var result = new List<FhogFeatures>();
        ForEachLevel(image, pooled: false, (features, _) => result.Add(features));
        return result;
    }

    /// <summary>
    /// Makes each level's features in turn (dlib's pyramid_down&lt;6&gt; from the previous level's pixels) and hands
    /// them to <paramref name="visit"/>. Pooled, the features are given back after the visit and each level's pixels live
    /// in a pooled buffer until the next level is made from them.
    /// </summary>
    private void ForEachLevel(RgbRaster image, bool pooled, Action<FhogFeatures, int> visit, bool upsampleFirst = false)
    {
        var (width0, height0) = upsampleFirst ? DlibBilinearResize.PyramidUpSize(image) : (image.Width, image.Height);
        int levels = LevelCount(width0, height0);
        RgbRaster level = image;
        HogBlock<byte>? rented = null;
        try
        {
            for (int l = 0; l < levels; l++)
            {
                FhogFeatures features;
                if (l == 0 && upsampleFirst)
                {
                    if (!pooled)
                    {
                        throw new ArgumentException("An upsampled level is streamed into pooled buffers only.", nameof(pooled));
                    }

                    (features, RgbRaster? next, rented) = StreamedLevelZero.Extract(image, Model, Buffers, nextLevel: levels > 1);
                    level = next ?? level;
                    VisitAndReturn(features, 0);
                    continue;
                }

                if (l > 0 && !(l == 1 && upsampleFirst))
                {
                    var (width, height) = DlibBilinearResize.PyramidDown6Size(level);
                    HogBlock<byte>? pixels = pooled ? Buffers.Rent<byte>(checked(width * height * 3)) : null;
                    RgbRaster next = pixels is null ? new RgbRaster(width, height) : new RgbRaster(width, height, pixels.Memory);
                    DlibBilinearResize.Resize(level, next);
                    if (rented is not null)
                    {
                        Buffers.Return(rented);
                    }

                    (rented, level) = (pixels, next);
                }

                features = FhogExtractor.Extract(level, Model.CellSize, Model.FilterHeight, Model.FilterWidth, pooled ? Buffers : null);
                VisitAndReturn(features, l);
            }
        }
        finally
        {
            if (rented is not null)
            {
                Buffers.Return(rented);
            }
        }

        void VisitAndReturn(FhogFeatures features, int l)
        {
            try
            {
                visit(features, l);
            }
            finally
            {
                if (pooled)
                {
                    features.ReturnPlanes();
                }
            }
        }
    }

    /// <summary>One filter over one level: the windows scoring at least bias + adjustment, appended to <paramref name="found"/>.</summary>
    private void ScanLevel(FhogFeatures feats, int l, HogFilter filter, int index, double adjustThreshold,
        Span<float> saliencyBuffer, Span<float> scratchBuffer, List<HogDetection> found)
    {
        double threshold = filter.Bias + adjustThreshold;
        int boxW = Model.FilterWidth - (2 * Model.Padding), boxH = Model.FilterHeight - (2 * Model.Padding);
        int rows = feats.Rows, cols = feats.Cols;
        Span<float> saliency = saliencyBuffer[..(rows * cols)];
        Span<float> scratch = scratchBuffer[..(rows * cols)];
        bool any = false;
        for (int p = 0; p < FhogFeatures.PlaneCount; p++)
        {
            foreach (HogFilter.SeparableTerm term in filter.Terms[p])
            {
                SeparableFilter.Apply(feats.Plane(p), rows, cols, term.Row, term.Column, scratch, saliency, addTo: any);
                any = true;
            }
        }

        if (!any)
        {
            return;
        }

        var (top, left, bottom, right) = SeparableFilter.Region(rows, cols, Model.FilterWidth, Model.FilterHeight);
        for (int r = top; r < bottom; r++)
        {
            for (int c = left; c < right; c++)
            {
                float score = saliency[(r * cols) + c];
                if (score >= threshold)
                {
                    PixelRect window = CenteredRect(c, r, boxW, boxH);
                    PixelRect inImage = RectUp6(FeaturesToImage(window), l);
                    found.Add(new HogDetection(inImage, score - filter.Bias, index));
                }
            }
        }
    }

    private bool Overlaps(PixelRect a, PixelRect b) => DlibBoxOverlap.Overlaps(a, b, Model.IouThreshold, Model.CoveredThreshold);


    private static PixelRect CenteredRect(long x, long y, int width, int height)
    {
        return PixelRect.FromSize(x - (width / 2), y - (height / 2), width, height);
    }

    /// <summary>dlib's <c>fhog_to_image</c> for a rectangle: cell corners to the centres of their pixel cells.</summary>
    private PixelRect FeaturesToImage(PixelRect rect)
    {
        long x0 = FeatureToImage(rect.Left, Model.FilterWidth), y0 = FeatureToImage(rect.Top, Model.FilterHeight);
        long x1 = FeatureToImage(rect.Right, Model.FilterWidth), y1 = FeatureToImage(rect.Bottom, Model.FilterHeight);
        return new PixelRect(x0, y0, x1, y1);
    }

    private long FeatureToImage(long p, int padding)
    {
        long v = ((p + 1 - ((padding - 1) / 2)) * Model.CellSize) + 1;
        return v + (v >= 0 ? Model.CellSize / 2 : -(Model.CellSize / 2));
    }

    /// <summary>pyramid_down&lt;6&gt;::rect_up(rect, levels), rounded to a dlib rectangle.</summary>
    private static PixelRect RectUp6(PixelRect rect, int levels)
    {
        double l = rect.Left, t = rect.Top, r = rect.Right, b = rect.Bottom;
        const double Ratio = 6 / 5.0;
        for (int i = 0; i < levels; i++)
        {
            l = (l * Ratio) + 0.3;
            t = (t * Ratio) + 0.3;
            r = (r * Ratio) + 0.3;
            b = (b * Ratio) + 0.3;
        }

        return new PixelRect(DlibRounding.Round(l), DlibRounding.Round(t), DlibRounding.Round(r), DlibRounding.Round(b));
    }

    /// <summary>pyramid_down&lt;6&gt;::rect_down(rect), rounded to a dlib rectangle.</summary>
    private static PixelRect RectDown6(PixelRect rect)
    {
        const double Ratio = 5 / 6.0;
        return new PixelRect(DlibRounding.Round((rect.Left - 0.3) * Ratio), DlibRounding.Round((rect.Top - 0.3) * Ratio),
            DlibRounding.Round((rect.Right - 0.3) * Ratio), DlibRounding.Round((rect.Bottom - 0.3) * Ratio));
    }


    /// <summary>A level's pooled pixels, given back to the pool when the last of their users releases them.</summary>
    private sealed class PixelShare(HogBuffers pool, HogBlock<byte> pixels)
    {
        private int _users = 1;

        public void Retain() => Interlocked.Increment(ref _users);

        public void Release()
        {
            if (Interlocked.Decrement(ref _users) == 0)
            {
                pool.Return(pixels);
            }
        }
    }
}
