using System.Globalization;
using System.Runtime.InteropServices;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using Microsoft.Data.Sqlite;

namespace FaceMetric.People;

/// <summary>
/// Opens a library file: creates a new one when the path does not exist; otherwise checks, in order and without
/// writing a byte, that it is an SQLite file, that it is a people library and that its version is readable, then
/// migrates (older versions) and loads every row into a <see cref="LibraryState"/>.
/// </summary>
internal static class LibraryLoader
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    /// <summary>Opens or creates the library at <paramref name="path"/>; the caller owns the returned connection.</summary>
    /// <exception cref="PeopleLibraryFormatException">The file is not a readable people library (SQLite's CORRUPT and NOTADB included).</exception>
    /// <exception cref="SqliteException">Another SQLite error, such as the file being locked by a writer for longer than 30 s.</exception>
    public static (SqliteConnection Connection, LibraryState State) Open(string path)
    {
        bool exists = File.Exists(path);
        if (exists)
        {
            CheckMagic(path);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = exists ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
            if (!exists)
            {
                LibrarySchema.Create(connection);
            }
            else
            {
                CheckVersionAndMigrate(path, connection);
            }

            LibraryState state = Load(path, connection);
            return (connection, state);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            connection.Dispose();
            throw new PeopleLibraryFormatException(path, PeopleLibraryFormatError.Corrupt, $"SQLite error {e.SqliteErrorCode}: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void CheckMagic(string path)
    {
        Span<byte> head = stackalloc byte[16];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (read < head.Length || !head.SequenceEqual(SqliteMagic))
        {
            string what = read == 0 ? "the file is empty" : "the file is not an SQLite database";
            throw new PeopleLibraryFormatException(path, PeopleLibraryFormatError.ForeignFile, what + " (a people library is one; nothing was written)");
        }
    }

    private static void CheckVersionAndMigrate(string path, SqliteConnection connection)
    {
        (string Format, int Version)? meta = LibrarySchema.ReadMeta(connection);
        if (meta is null || meta.Value.Format != LibrarySchema.FormatName)
        {
            throw new PeopleLibraryFormatException(path, PeopleLibraryFormatError.ForeignDatabase,
                "an SQLite database, but not a FaceMetric people library (no meta.format = 'facemetric-people'); nothing was written");
        }

        int version = meta.Value.Version;
        if (version == LibrarySchema.CurrentVersion)
        {
            return;
        }

        if (version > LibrarySchema.CurrentVersion)
        {
            throw new PeopleLibraryFormatException(path, PeopleLibraryFormatError.UnsupportedVersion, string.Create(CultureInfo.InvariantCulture,
                $"schema version {version} was written by a newer FaceMetric; this one reads versions up to {LibrarySchema.CurrentVersion} (upgrade FaceMetric; the file was left as it is)"));
        }

        for (int v = version; v < LibrarySchema.CurrentVersion; v++)
        {
            if (!LibrarySchema.Migrations.ContainsKey(v))
            {
                throw new PeopleLibraryFormatException(path, PeopleLibraryFormatError.UnsupportedVersion, string.Create(CultureInfo.InvariantCulture,
                    $"schema version {version} cannot be migrated: no step leads from version {v} to {v + 1} (this FaceMetric writes version {LibrarySchema.CurrentVersion}; the file was left as it is)"));
            }
        }

        using SqliteTransaction transaction = connection.BeginTransaction();
        for (int v = version; v < LibrarySchema.CurrentVersion; v++)
        {
            Execute(connection, LibrarySchema.Migrations[v]);
        }

        LibrarySchema.SetMeta(connection, "schema_version", LibrarySchema.CurrentVersion.ToString(CultureInfo.InvariantCulture));
        transaction.Commit();
    }

    /// <summary>Reads every row of an open, checked library into a new state.</summary>
    /// <exception cref="PeopleLibraryFormatException">The rows break the library's rules.</exception>
    public static LibraryState Load(string path, SqliteConnection connection)
    {
        var index = new ExactFaceIndex();
        var state = new LibraryState(index);
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, name FROM people ORDER BY id";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                state.People[id] = new PersonRecord(id, reader.IsDBNull(1) ? null : reader.GetString(1));
            }
        }

        var declaredFaces = new Dictionary<long, long>();
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, hash, source_path, face_count FROM photos ORDER BY id";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                var photo = new PhotoRecord(reader.GetInt64(0), reader.GetString(2), reader.GetString(1));
                state.Photos[photo.Id] = photo;
                state.PhotoOfHash[photo.Hash] = photo.Id;
                declaredFaces[photo.Id] = reader.GetInt64(3);
            }
        }

        using (SqliteCommand count = connection.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM faces";
            index.Reserve((int)Math.Min(int.MaxValue, (long)count.ExecuteScalar()!));
        }

        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, photo_id, x, y, width, height, score, descriptor, person_id, pinned FROM faces ORDER BY id";
            using SqliteDataReader reader = command.ExecuteReader();
            byte[] blob = new byte[FaceDescriptor.Length * sizeof(float)];
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                if (!state.Photos.TryGetValue(reader.GetInt64(1), out PhotoRecord? photo))
                {
                    throw Corrupt(path, $"face {id} names a photo that does not exist");
                }

                if (reader.GetBytes(7, 0, blob, 0, blob.Length) != blob.Length || reader.GetBytes(7, 0, null, 0, 0) != blob.Length)
                {
                    throw Corrupt(path, $"face {id}'s descriptor is not 128 float32 values");
                }

                ReadOnlySpan<float> values = MemoryMarshal.Cast<byte, float>(blob);
                foreach (float value in values)
                {
                    if (!float.IsFinite(value))
                    {
                        throw Corrupt(path, $"face {id}'s descriptor holds a value that is not finite");
                    }
                }

                DetectedFace box;
                try
                {
                    box = new DetectedFace((float)reader.GetDouble(2), (float)reader.GetDouble(3), (float)reader.GetDouble(4), (float)reader.GetDouble(5), (float)reader.GetDouble(6));
                }
                catch (ArgumentOutOfRangeException)
                {
                    throw Corrupt(path, $"face {id}'s box is not a valid box");
                }

                int row = index.Add(values);
                var face = new FaceRecord(id, row, photo, box) { Pinned = reader.GetInt64(9) != 0 };
                state.Faces.Add(face);
                state.RowOfFace[id] = row;
                photo.Faces.Add(face);
                if (!reader.IsDBNull(8))
                {
                    long personId = reader.GetInt64(8);
                    if (!state.People.ContainsKey(personId))
                    {
                        throw Corrupt(path, $"face {id} names a person that does not exist");
                    }

                    state.SetPerson(face, personId);
                }
            }
        }

        foreach (PhotoRecord photo in state.Photos.Values)
        {
            if (photo.Faces.Count != declaredFaces[photo.Id])
            {
                throw Corrupt(path, $"photo {photo.Id} should have {declaredFaces[photo.Id]} faces but has {photo.Faces.Count}");
            }
        }

        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT face_id, person_id FROM not_person";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                FaceRecord face = state.Face(reader.GetInt64(0)) ?? throw Corrupt(path, "a 'not this person' mark names a face that does not exist");
                (face.NotPeople ??= []).Add(reader.GetInt64(1));
            }
        }

        return state;
    }

    private static PeopleLibraryFormatException Corrupt(string path, string detail) =>
        new(path, PeopleLibraryFormatError.Corrupt, detail);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
