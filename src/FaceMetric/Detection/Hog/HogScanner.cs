using System.Buffers;
using FaceMetric.Geometry;
using FaceMetric.Alignment;

namespace FaceMetric.Detection.Hog;

/// <summary>
/// dlib's <c>object_detector&lt;scan_fhog_pyramid&lt;pyramid_down&lt;6&gt;&gt;&gt;</c>: builds the fHOG pyramid of an image
/// once, runs every filter of the model over every level, keeps the windows scoring at least bias + adjustment,
/// maps them back to image pixels, and suppresses overlaps across filters greedily from the highest confidence.
/// Stateless apart from the immutable model: thread-safe.
/// </summary>
internal sealed class HogScanner(HogModel model)
{
    public HogModel Model { get; } = model;

    /// <summary>Detects in <paramref name="image"/>; boxes in its pixels, highest confidence first.</summary>
    public List<HogDetection> Detect(RgbRaster image, double adjustThreshold)
    {
        // The features are work space here: their planes come from the shared pool and go back when done.
        List<FhogFeatures> pyramid = BuildPyramid(image, pooled: true);
        try
        {
            // Work space for every filter and level, sized for the largest level: each filter pass writes all of its
            // region before reading it, so nothing needs clearing between passes.
            int largest = pyramid.Max(f => f.Rows * f.Cols);
            var saliency = new float[largest];
            var scratch = new float[largest];
            var accumulated = new List<HogDetection>();
            for (int f = 0; f < Model.Filters.Count; f++)
            {
                accumulated.AddRange(DetectWithFilter(pyramid, Model.Filters[f], f, adjustThreshold, saliency, scratch));
            }

            // std::sort by confidence, descending (a stable sort: dlib's order of exact ties is unspecified).
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
        finally
        {
            foreach (FhogFeatures level in pyramid)
            {
                level.ReturnPlanes();
            }
        }
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
    public List<FhogFeatures> BuildPyramid(RgbRaster image) => BuildPyramid(image, pooled: false);

    private List<FhogFeatures> BuildPyramid(RgbRaster image, bool pooled)
    {
        int levels = LevelCount(image.Width, image.Height);
        var result = new List<FhogFeatures>(levels);
        RgbRaster level = image;

        // Pooled, each level's pixels live in a pooled array until the next level is made from them.
        byte[]? rented = null;
        try
        {
            for (int l = 0; l < levels; l++)
            {
                if (l > 0)
                {
                    var (width, height) = DlibBilinearResize.PyramidDown6Size(level);
                    byte[]? pixels = pooled ? ArrayPool<byte>.Shared.Rent(checked(width * height * 3)) : null;
                    RgbRaster next = pixels is null ? new RgbRaster(width, height) : new RgbRaster(width, height, pixels);
                    DlibBilinearResize.Resize(level, next);
                    if (rented is not null)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }

                    (rented, level) = (pixels, next);
                }

                result.Add(FhogExtractor.Extract(level, Model.CellSize, Model.FilterHeight, Model.FilterWidth, pooled));
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return result;
    }

    private List<HogDetection> DetectWithFilter(List<FhogFeatures> pyramid, HogFilter filter, int index, double adjustThreshold,
        float[] saliencyBuffer, float[] scratchBuffer)
    {
        double threshold = filter.Bias + adjustThreshold;
        int boxW = Model.FilterWidth - (2 * Model.Padding), boxH = Model.FilterHeight - (2 * Model.Padding);
        var found = new List<HogDetection>();
        for (int l = 0; l < pyramid.Count; l++)
        {
            FhogFeatures feats = pyramid[l];
            if (feats.IsEmpty)
            {
                continue;
            }

            int rows = feats.Rows, cols = feats.Cols;
            Span<float> saliency = saliencyBuffer.AsSpan(0, rows * cols);
            Span<float> scratch = scratchBuffer.AsSpan(0, rows * cols);
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
                continue;
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

        return found.OrderByDescending(d => d.Confidence).ToList();
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

}
