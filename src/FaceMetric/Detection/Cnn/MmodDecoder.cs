using FaceMetric.Geometry;

namespace FaceMetric.Detection.Cnn;

/// <summary>
/// dlib's <c>loss_mmod_::to_label</c> (dlib/dnn/loss.h) for one image, without bounding box regression: every output
/// position whose score is strictly above the threshold becomes its detector window centred on the position's input
/// point (<c>output_tensor_to_input_tensor</c>: p * 8 + 14 for the face detector, <c>centered_drect</c>), mapped from
/// the tiled pyramid to the image (<c>tiled_pyramid_to_image</c>: the level whose rectangle holds the centre, or the
/// nearest, then <c>pyramid_down&lt;6&gt;::rect_up</c> once per level: p * 1.2 + 0.3) and rounded to a dlib rectangle;
/// the windows are sorted by score, highest first, and kept unless they overlap a kept one (<c>overlaps_nms</c>).
/// </summary>
internal static class MmodDecoder
{
    /// <summary>Decodes the scores [windows, rows, cols] of one image; boxes in the (upsampled) image's pixels, highest score first.</summary>
    public static List<(PixelRect Rect, float Score)> Decode(
        ReadOnlySpan<float> scores, int rows, int cols, TiledPyramid pyramid, MmodSettings settings, double adjustThreshold)
    {
        var candidates = new List<(PixelRect Rect, float Score)>();
        for (int k = 0; k < settings.Windows.Count; k++)
        {
            var (windowWidth, windowHeight) = settings.Windows[k];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    float score = scores[(((k * rows) + r) * cols) + c];
                    if (score > adjustThreshold)
                    {
                        double px = (c * settings.OutputScale) + settings.OutputOffset;
                        double py = (r * settings.OutputScale) + settings.OutputOffset;
                        candidates.Add((ToImage(pyramid, px, py, windowWidth, windowHeight), score));
                    }
                }
            }
        }

        // std::sort(rbegin, rend): highest score first (dlib's order of exact ties is unspecified; this sort is stable).
        var sorted = candidates.OrderByDescending(d => d.Score).ToList();
        var kept = new List<(PixelRect Rect, float Score)>();
        foreach (var candidate in sorted)
        {
            if (!kept.Exists(k => DlibBoxOverlap.Overlaps(k.Rect, candidate.Rect, settings.NmsIou, settings.NmsCovered)))
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }

    /// <summary>centered_drect(p, w, h) mapped through tiled_pyramid_to_image, rounded as dlib's rectangle(drectangle).</summary>
    internal static PixelRect ToImage(TiledPyramid pyramid, double px, double py, int width, int height)
    {
        double halfW = (width - 1) / 2.0, halfH = (height - 1) / 2.0;
        double left = px - halfW, top = py - halfH, right = px + halfW, bottom = py + halfH;

        // dcenter of the window, converted to dlib's integer point (rounded).
        long cx = (long)Math.Floor(((left + right) / 2) + 0.5), cy = (long)Math.Floor(((top + bottom) / 2) + 0.5);
        int level = pyramid.NearestLevel(cx, cy);
        PixelRect origin = pyramid.Levels[level];
        left -= origin.Left;
        right -= origin.Left;
        top -= origin.Top;
        bottom -= origin.Top;
        const double Ratio = 6 / (6 - 1.0);
        for (int i = 0; i < level; i++)
        {
            left = (left * Ratio) + 0.3;
            top = (top * Ratio) + 0.3;
            right = (right * Ratio) + 0.3;
            bottom = (bottom * Ratio) + 0.3;
        }

        return new PixelRect(DlibRounding.Round(left), DlibRounding.Round(top), DlibRounding.Round(right), DlibRounding.Round(bottom));
    }
}
