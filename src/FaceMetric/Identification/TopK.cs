namespace FaceMetric.Identification;

/// <summary>
/// The k smallest (key, row) pairs seen so far, as a binary max-heap: O(log k) per accepted offer, one compare per
/// rejected one. Ties on the key keep the smaller row, so results do not depend on scan order.
/// </summary>
internal sealed class TopK
{
    private readonly float[] _keys;
    private readonly int[] _rows;
    private int _count;

    public TopK(int k)
    {
        _keys = new float[k];
        _rows = new int[k];
    }

    /// <summary>The largest key kept once full; +infinity before. A key at or above it can be skipped
    /// (when rows are offered in ascending order).</summary>
    public float Bound => _count == _keys.Length ? _keys[0] : float.PositiveInfinity;

    /// <summary>Offers a candidate.</summary>
    public void Offer(float key, int row)
    {
        if (_count < _keys.Length)
        {
            int i = _count++;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (!Greater(key, row, _keys[parent], _rows[parent]))
                {
                    break;
                }

                _keys[i] = _keys[parent];
                _rows[i] = _rows[parent];
                i = parent;
            }

            _keys[i] = key;
            _rows[i] = row;
            return;
        }

        if (!Greater(_keys[0], _rows[0], key, row))
        {
            return;
        }

        int hole = 0;
        while (true)
        {
            int child = (2 * hole) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Greater(_keys[child + 1], _rows[child + 1], _keys[child], _rows[child]))
            {
                child++;
            }

            if (!Greater(_keys[child], _rows[child], key, row))
            {
                break;
            }

            _keys[hole] = _keys[child];
            _rows[hole] = _rows[child];
            hole = child;
        }

        _keys[hole] = key;
        _rows[hole] = row;
    }

    /// <summary>The kept (row, key) pairs, ascending by (key, row).</summary>
    public Neighbor[] Sorted()
    {
        var result = new Neighbor[_count];
        for (int i = 0; i < _count; i++)
        {
            result[i] = new Neighbor(_rows[i], _keys[i]);
        }

        Array.Sort(result, static (x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Row.CompareTo(y.Row));
        return result;
    }

    private static bool Greater(float keyA, int rowA, float keyB, int rowB) => keyA > keyB || (keyA == keyB && rowA > rowB);
}
