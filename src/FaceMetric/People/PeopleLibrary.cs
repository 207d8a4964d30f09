using System.Security.Cryptography;
using FaceMetric.Embedding;
using Microsoft.Data.Sqlite;

namespace FaceMetric.People;

/// <summary>
/// A photo collection's people, kept in one SQLite file and grown one photo at a time: each new face joins the person
/// of its nearest assigned neighbours, or waits unassigned until enough similar faces arrive to form a new person
/// together (a DBSCAN-like core rule, never a centroid; see <see cref="PeopleLibraryOptions.MinFaces"/>). Users
/// correct it (name, merge, split, move, "not this person"), and every correction survives later additions and a
/// full <see cref="Recluster"/>.
/// </summary>
/// <remarks>
/// <para>Guarantees: two faces of one photo are never in the same person; faces already in a person are never moved
/// by an addition; a photo is added whole or not at all (one transaction per photo: a crash loses at most the photo
/// being added); adding a photo whose bytes are already there changes nothing; every correction is appended to a log
/// that is never rewritten.</para>
/// <para>Search: every descriptor is loaded at open into memory and searched exactly (the galleries' SIMD scan).</para>
/// <para>Thread-safety: every member may be called from any thread; calls are serialised by one lock. One process
/// should hold a library open at a time (SQLite's locks keep a second writer out, with a 30 s wait).</para>
/// </remarks>
public sealed partial class PeopleLibrary : IDisposable
{
    private readonly Lock _sync = new();
    private readonly string _path;
    private readonly SqliteConnection _connection;
    private LibraryState _state;
    private bool _disposed;

    private PeopleLibrary(string path, PeopleLibraryOptions options, SqliteConnection connection, LibraryState state)
    {
        _path = path;
        Options = options;
        _connection = connection;
        _state = state;
    }

    /// <summary>The options the library was opened with.</summary>
    public PeopleLibraryOptions Options { get; }

    /// <summary>The library file.</summary>
    public string FilePath => _path;

    /// <summary>
    /// Opens the library at <paramref name="path"/>, creating it when no file is there; an older schema version is
    /// migrated. Loads every descriptor into memory.
    /// </summary>
    /// <param name="path">The library file (its folder must exist).</param>
    /// <param name="options">How faces are grouped; null for the defaults.</param>
    /// <returns>The open library; dispose it to close the file.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="PeopleLibraryFormatException">The file is empty, foreign, corrupt or of an unreadable version; it is left untouched.</exception>
    /// <exception cref="SqliteException">Another SQLite error, such as another process writing the file for over 30 s.</exception>
    public static PeopleLibrary Open(string path, PeopleLibraryOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new PeopleLibraryOptions();
        options.Validate();
        string full = Path.GetFullPath(path);
        (SqliteConnection connection, LibraryState state) = LibraryLoader.Open(full);
        return new PeopleLibrary(full, options, connection, state);
    }

    /// <summary>The SHA-256 of a file's bytes as lower-case hex: the key that makes re-adding a photo a no-op.</summary>
    /// <param name="path">The photo file.</param>
    /// <returns>64 hex digits.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string HashPhoto(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>True when a photo with this content hash (<see cref="HashPhoto"/>) is in the library.</summary>
    /// <param name="hash">The photo's content hash.</param>
    /// <returns>Whether it is there.</returns>
    public bool ContainsPhoto(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        lock (_sync)
        {
            ThrowIfDisposed();
            return _state.PhotoOfHash.ContainsKey(hash);
        }
    }

    /// <summary>Finds, describes and adds every face of a photo, unless a photo with the same bytes is already there.</summary>
    /// <param name="path">The photo file.</param>
    /// <param name="analyzer">Finds and describes the faces (used only when the photo is new).</param>
    /// <returns>The photo with its faces and their people.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FaceMetricException">The photo cannot be decoded (from the analyzer).</exception>
    /// <exception cref="Detection.ScanTooLargeException">The analyzer's detector, chosen explicitly, will not scan a photo this large.</exception>
    public PhotoAddResult AddPhoto(string path, FaceAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(analyzer);
        string hash = HashPhoto(path);
        lock (_sync)
        {
            ThrowIfDisposed();
            if (_state.PhotoOfHash.TryGetValue(hash, out long existing))
            {
                return new PhotoAddResult(Snapshot(_state.Photos[existing]), AlreadyPresent: true);
            }
        }

        IReadOnlyList<AnalyzedFace> faces = analyzer.Analyze(path);
        return AddPhoto(path, hash, faces.Select(f => new PhotoFace(f.Detection, f.Descriptor)).ToList());
    }

    /// <summary>
    /// Adds a photo's already-analysed faces (detection excluded: this is the library's own cost), in one transaction.
    /// A photo with no faces is still recorded, so it is not analysed again.
    /// </summary>
    /// <param name="sourcePath">Where the photo is (kept for the queries and reports).</param>
    /// <param name="hash">The photo's content hash (<see cref="HashPhoto"/>, or any stable key of its bytes).</param>
    /// <param name="faces">Its faces, in the order they should be placed.</param>
    /// <returns>The photo with its faces and their people; <see cref="PhotoAddResult.AlreadyPresent"/> when the hash was there.</returns>
    /// <exception cref="ArgumentNullException">An argument or a descriptor is null.</exception>
    /// <exception cref="ArgumentException">The hash is empty.</exception>
    /// <exception cref="SqliteException">The database refused the write (disk full, locked); nothing of the photo is kept.</exception>
    public PhotoAddResult AddPhoto(string sourcePath, string hash, IReadOnlyList<PhotoFace> faces)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(hash);
        ArgumentNullException.ThrowIfNull(faces);
        foreach (PhotoFace face in faces)
        {
            ArgumentNullException.ThrowIfNull(face.Descriptor, nameof(faces));
        }

        lock (_sync)
        {
            ThrowIfDisposed();
            if (_state.PhotoOfHash.TryGetValue(hash, out long existing))
            {
                return new PhotoAddResult(Snapshot(_state.Photos[existing]), AlreadyPresent: true);
            }

            PhotoRecord photo = Write(writer =>
            {
                PhotoRecord added = writer.InsertPhoto(sourcePath, hash, faces.Count);
                var records = new List<FaceRecord>(faces.Count);
                foreach (PhotoFace face in faces)
                {
                    records.Add(writer.InsertFace(added, face.Box, face.Descriptor));
                }

                foreach (FaceRecord record in records)
                {
                    IncrementalAssigner.Place(writer, Options, record);
                }

                return added;
            });
            return new PhotoAddResult(Snapshot(photo), AlreadyPresent: false);
        }
    }

    /// <summary>Closes the file. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    /// <summary>Runs one transaction; on any failure rolls the file back and reloads memory from it, then rethrows.</summary>
    private T Write<T>(Func<LibraryWriter, T> change)
    {
        var writer = new LibraryWriter(_connection, _state);
        try
        {
            T result = change(writer);
            writer.Commit();
            writer.Dispose();
            return result;
        }
        catch
        {
            writer.Dispose();
            _state = LibraryLoader.Load(_path, _connection);
            throw;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
