namespace FaceMetric.Metric;

/// <summary>Order statistics without a full sort.</summary>
internal static class Selection
{
    /// <summary>
    /// The value that would sit at index <paramref name="k"/> if <paramref name="values"/> were sorted ascending
    /// (Hoare's quickselect with a median-of-three pivot; reorders the span). The values must not be NaN.
    /// </summary>
    public static float KthSmallest(Span<float> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (hi > lo)
        {
            int mid = lo + ((hi - lo) / 2);
            // Median of three to values[mid].
            if (values[mid] < values[lo])
            {
                (values[mid], values[lo]) = (values[lo], values[mid]);
            }

            if (values[hi] < values[lo])
            {
                (values[hi], values[lo]) = (values[lo], values[hi]);
            }

            if (values[hi] < values[mid])
            {
                (values[hi], values[mid]) = (values[mid], values[hi]);
            }

            float pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // Now values[lo..j] <= pivot <= values[i..hi], and everything strictly between j and i equals pivot.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }
}
