namespace FaceMetric.Identification;

/// <summary>A consistent copy of the gallery's contents, for whole-gallery analyses such as the label audit.</summary>
public sealed partial class FaceGallery
{
    /// <summary>
    /// Copies every enrolled descriptor with its label under the read lock, so the copy is one consistent state even
    /// while other threads enroll or remove.
    /// </summary>
    /// <returns>
    /// The label of every row (in enrolment order, as stored) and the rows: <c>Labels.Length x 128</c> floats,
    /// row-major. The caller owns both arrays.
    /// </returns>
    /// <exception cref="ObjectDisposedException">The gallery was disposed.</exception>
    internal (string[] Labels, float[] Rows) Snapshot()
    {
        _lock.EnterReadLock();
        try
        {
            var labels = new string[_store.Count];
            ReadOnlySpan<int> ids = _store.Labels;
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = _labelNames[ids[i]];
            }

            return (labels, _store.Rows.ToArray());
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
