namespace FaceMetric.Detection;

/// <summary>
/// face-api's SSD output layer and non-maximum suppression (ssdMobilenetv1/outputLayer.ts, nonMaxSuppression.ts):
/// anchor-relative box decoding, sigmoid scores, greedy NMS.
/// </summary>
internal static class SsdPostProcessing
{
    /// <summary>
    /// Decodes the anchors whose face score is strictly greater than <paramref name="minScore"/>.
    /// </summary>
    /// <param name="encodings">Per anchor (ty, tx, th, tw): anchors x 4 floats.</param>
    /// <param name="logits">Per anchor (background, face, unused) logits: anchors x 3 floats.</param>
    /// <param name="anchors">Per anchor (ymin, xmin, ymax, xmax): anchors x 4 floats.</param>
    /// <param name="minScore">The score threshold (exclusive).</param>
    /// <returns>The candidates in anchor order.</returns>
    /// <remarks>
    /// Score = sigmoid(logit 1) (not a softmax). With anchor height ha, width wa and centre (cya, cxa):
    /// cy = ty / 10 * ha + cya, cx = tx / 10 * wa + cxa, h/2 = exp(th / 5) * ha / 2, w/2 = exp(tw / 5) * wa / 2,
    /// box = (cy - h/2, cx - w/2, cy + h/2, cx + w/2), in float32 as TF computes it.
    /// </remarks>
    public static List<SsdCandidate> Decode(ReadOnlySpan<float> encodings, ReadOnlySpan<float> logits, ReadOnlySpan<float> anchors, float minScore)
    {
        int count = anchors.Length / 4;
        if (encodings.Length != count * 4 || logits.Length != count * 3)
        {
            throw new ArgumentException($"SSD outputs do not match {count} anchors ({encodings.Length} encodings, {logits.Length} logits).");
        }

        var result = new List<SsdCandidate>();
        for (int i = 0; i < count; i++)
        {
            float score = 1f / (1f + MathF.Exp(-logits[(i * 3) + 1]));
            if (!(score > minScore))
            {
                continue;
            }

            ReadOnlySpan<float> a = anchors.Slice(i * 4, 4);
            ReadOnlySpan<float> e = encodings.Slice(i * 4, 4);
            float ha = a[2] - a[0], wa = a[3] - a[1];
            float cya = a[0] + (ha / 2), cxa = a[1] + (wa / 2);
            float halfH = MathF.Exp(e[2] / 5) * ha / 2;
            float cy = (e[0] / 10 * ha) + cya;
            float halfW = MathF.Exp(e[3] / 5) * wa / 2;
            float cx = (e[1] / 10 * wa) + cxa;
            result.Add(new SsdCandidate(cy - halfH, cx - halfW, cy + halfH, cx + halfW, score, i));
        }

        return result;
    }

    /// <summary>
    /// Greedy NMS: candidates by descending score (ties in anchor order, as JavaScript's stable sort leaves them), each
    /// kept unless its IoU with an already kept box is greater than <paramref name="iouThreshold"/>; at most
    /// <paramref name="maxResults"/>.
    /// </summary>
    public static List<SsdCandidate> NonMaxSuppression(List<SsdCandidate> candidates, double iouThreshold, int maxResults)
    {
        var sorted = candidates.ToArray();
        Array.Sort(sorted, static (p, q) => p.Score != q.Score ? q.Score.CompareTo(p.Score) : p.Anchor.CompareTo(q.Anchor));
        var kept = new List<SsdCandidate>();
        foreach (SsdCandidate c in sorted)
        {
            if (kept.Count >= maxResults)
            {
                break;
            }

            bool suppressed = false;
            for (int j = kept.Count - 1; j >= 0 && !suppressed; j--)
            {
                suppressed = SsdCandidate.IntersectionOverUnion(c, kept[j]) > iouThreshold;
            }

            if (!suppressed)
            {
                kept.Add(c);
            }
        }

        return kept;
    }
}
