namespace FaceMetric.Identification;

/// <summary>Saving and loading galleries.</summary>
public sealed partial class FaceGallery
{
    /// <summary>
    /// Saves the gallery to a file, atomically: the data goes to a temporary file in the same folder, is flushed to
    /// disk, and then replaces <paramref name="path"/> in one rename. If the save fails or is interrupted the file
    /// previously at <paramref name="path"/> is left intact (and the temporary file is deleted when possible).
    /// </summary>
    /// <remarks>
    /// Format version 1, little endian: magic "FMGALLRY", int32 version, int32 dimension (128), int64 total length,
    /// int32 descriptor count, int32 label count, the labels (int32 byte length + UTF-8 each, in enrolment order),
    /// one int32 label index per descriptor, the descriptors as float32 rows, and a SHA-256 of everything before it.
    /// Enrolment and removal wait while a save runs; searches do not.
    /// </remarks>
    /// <param name="path">The destination file; its folder must exist.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names no file.</exception>
    /// <exception cref="IOException">The file could not be written (the previous file is unchanged).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file is not writable.</exception>
    public void Save(string path) => Save(path, wrapStream: null);

    /// <summary>
    /// Loads a gallery saved by <see cref="Save(string)"/>. The whole file is checked (magic, version, length,
    /// checksum, dimension, structure) before the gallery is built, so nothing is ever half-loaded.
    /// </summary>
    /// <param name="path">The gallery file.</param>
    /// <param name="threshold">The same-person threshold of the loaded gallery (not stored in the file). Default 0.6.</param>
    /// <returns>A new gallery with the saved labels (in order) and descriptors (bit for bit).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not finite and positive.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FaceGalleryFormatException">
    /// The file is not a valid gallery; <see cref="FaceGalleryFormatException.Reason"/> says why: a foreign file,
    /// an unsupported version, truncated (or empty), a checksum mismatch, the wrong dimension, malformed, or not a
    /// regular file (a folder, FIFO or device, or a symlink loop; refused before reading, so a FIFO cannot block).
    /// </exception>
    public static FaceGallery Load(string path, float threshold = Matching.FaceMatcher.DefaultThreshold)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Matching.FaceMatcher.ValidateThreshold(threshold, nameof(threshold));
        GalleryFile.Contents contents = GalleryFile.Read(path);
        var store = new DescriptorStore(contents.Rows, contents.RowLabels, contents.Count);
        return new FaceGallery(threshold, store, contents.LabelNames, contents.LabelCounts);
    }

    /// <summary>
    /// <see cref="Save(string)"/> with a seam for tests: <paramref name="wrapStream"/> (when not null) wraps the
    /// temporary file's stream, e.g. to fail after some bytes.
    /// </summary>
    internal void Save(string path, Func<Stream, Stream>? wrapStream)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        IO.AtomicFile.Write(path, file =>
        {
            _lock.EnterReadLock();
            try
            {
                Stream output = wrapStream is null ? file : wrapStream(file);
                GalleryFile.Write(output, _store, _labelNames);
                output.Flush();
            }
            finally
            {
                _lock.ExitReadLock();
            }
        });
    }
}
