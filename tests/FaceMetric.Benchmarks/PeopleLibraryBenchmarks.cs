using System.Globalization;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using FaceMetric.People;
using Microsoft.Data.Sqlite;

namespace FaceMetric.Benchmarks;

/// <summary>
/// The people library at scale, synthetic faces (people of 10 faces each, dlib-like geometry; see
/// <see cref="SyntheticFaces.People"/>), one face per photo, every face in its person: adding one photo from its
/// descriptor (detection excluded: the exact scan, the core rule and one SQLite transaction with a full fsync), and
/// a full re-cluster, and opening the library (every row read, every descriptor loaded into memory). The library is written directly in the
/// library's schema by the setup, in one transaction, so that 100,000 faces do not take 100,000 commits to prepare.
/// </summary>
[ShortRunJob]
public class PeopleLibraryBenchmarks
{
    private const int FacesPerPerson = 10;

    private string _folder = null!;
    private string _path = null!;
    private PeopleLibrary _library = null!;
    private float[] _newFaces = null!;
    private int _next;

    /// <summary>Faces in the library before the measured operation.</summary>
    [Params(10_000, 100_000)]
    public int Faces { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("facemetric-people-bench-").FullName;
        _path = Path.Combine(_folder, "people.db");
        using (PeopleLibrary.Open(_path))
        {
            // creates the schema
        }

        float[] rows = SyntheticFaces.People(Faces / FacesPerPerson, FacesPerPerson, seed: 5);
        Fill(_path, rows, Faces);

        // New photos: more faces of people already there (they join; the realistic path).
        _newFaces = SyntheticFaces.People(Faces / FacesPerPerson, FacesPerPerson, seed: 5);
        var random = new Random(9);
        for (int i = 0; i < _newFaces.Length; i++)
        {
            _newFaces[i] += (float)((random.NextDouble() - 0.5) * 0.02);
        }

        _library = PeopleLibrary.Open(_path);
        Console.WriteLine($"// people library: {_library.FaceCount} faces, {_library.PersonCount} people, {new FileInfo(_path).Length / 1e6:F1} MB");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _library.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "add one photo (1 face, from its descriptor)")]
    public PhotoAddResult AddOnePhoto()
    {
        int i = _next++ % Faces;
        var descriptor = new FaceDescriptor(_newFaces.AsSpan(i * FaceDescriptor.Length, FaceDescriptor.Length));
        string key = "new-" + _next.ToString(CultureInfo.InvariantCulture);
        return _library.AddPhoto(key + ".jpg", key, [new PhotoFace(new DetectedFace(0, 0, 100, 100, 1), descriptor)]);
    }

    [Benchmark(Description = "full re-cluster (graph + Chinese Whispers + the changed rows written)")]
    public int Recluster() => _library.Recluster();

    [Benchmark(Description = "open the library (load every descriptor)")]
    public int Open()
    {
        using PeopleLibrary library = PeopleLibrary.Open(_path);
        return library.FaceCount;
    }

    /// <summary>Writes photos, people and faces straight into the schema, one transaction.</summary>
    private static void Fill(string path, float[] rows, int count)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand photo = connection.CreateCommand();
        photo.CommandText = "INSERT INTO photos (id, hash, source_path, face_count, added_utc) VALUES ($id, $h, $p, 1, '2026-01-01T00:00:00Z')";
        var photoId = photo.Parameters.Add("$id", SqliteType.Integer);
        var hash = photo.Parameters.Add("$h", SqliteType.Text);
        var source = photo.Parameters.Add("$p", SqliteType.Text);
        using SqliteCommand person = connection.CreateCommand();
        person.CommandText = "INSERT INTO people (id) VALUES ($id)";
        var personId = person.Parameters.Add("$id", SqliteType.Integer);
        using SqliteCommand face = connection.CreateCommand();
        face.CommandText = "INSERT INTO faces (id, photo_id, x, y, width, height, score, descriptor, person_id) VALUES ($id, $id, 0, 0, 100, 100, 1, $d, $person)";
        var faceId = face.Parameters.Add("$id", SqliteType.Integer);
        var blob = face.Parameters.Add("$d", SqliteType.Blob);
        var facePerson = face.Parameters.Add("$person", SqliteType.Integer);
        for (int i = 0; i < count; i++)
        {
            if (i % FacesPerPerson == 0)
            {
                personId.Value = (i / FacesPerPerson) + 1;
                person.ExecuteNonQuery();
            }

            photoId.Value = i + 1;
            hash.Value = "synthetic-" + i.ToString(CultureInfo.InvariantCulture);
            source.Value = "synthetic/" + i.ToString(CultureInfo.InvariantCulture) + ".jpg";
            photo.ExecuteNonQuery();
            faceId.Value = i + 1;
            blob.Value = MemoryMarshal.AsBytes(rows.AsSpan(i * FaceDescriptor.Length, FaceDescriptor.Length)).ToArray();
            facePerson.Value = (i / FacesPerPerson) + 1;
            face.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
