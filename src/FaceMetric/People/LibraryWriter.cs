using System.Globalization;
using System.Runtime.InteropServices;
using FaceMetric.Detection;
using FaceMetric.Embedding;
using Microsoft.Data.Sqlite;

namespace FaceMetric.People;

/// <summary>
/// One write transaction: every change goes to the database and to the in-memory <see cref="LibraryState"/> in the
/// same call. <see cref="Commit"/> makes it durable; if anything throws before that, the owner rolls the database back
/// and reloads the state, so memory and file never disagree.
/// </summary>
internal sealed class LibraryWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly LibraryState _state;

    public LibraryWriter(SqliteConnection connection, LibraryState state)
    {
        _connection = connection;
        _state = state;
        _transaction = connection.BeginTransaction();
    }

    /// <summary>The state being changed.</summary>
    public LibraryState State => _state;

    /// <summary>Inserts a photo row (declaring how many faces it has) and its in-memory record.</summary>
    public PhotoRecord InsertPhoto(string sourcePath, string hash, int faceCount)
    {
        long id = Scalar(
            "INSERT INTO photos (hash, source_path, face_count, added_utc) VALUES ($h, $p, $n, $t) RETURNING id",
            ("$h", hash), ("$p", sourcePath), ("$n", faceCount), ("$t", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        var photo = new PhotoRecord(id, sourcePath, hash);
        _state.Photos[id] = photo;
        _state.PhotoOfHash[hash] = id;
        return photo;
    }

    /// <summary>Inserts an unassigned face of <paramref name="photo"/> and appends its descriptor to the index.</summary>
    public FaceRecord InsertFace(PhotoRecord photo, DetectedFace box, FaceDescriptor descriptor)
    {
        float[] values = descriptor.ToArray();
        byte[] blob = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        long id = Scalar(
            "INSERT INTO faces (photo_id, x, y, width, height, score, descriptor) VALUES ($p, $x, $y, $w, $h, $s, $d) RETURNING id",
            ("$p", photo.Id), ("$x", (double)box.X), ("$y", (double)box.Y), ("$w", (double)box.Width), ("$h", (double)box.Height), ("$s", (double)box.Score), ("$d", blob));
        int row = _state.Index.Add(values);
        var face = new FaceRecord(id, row, photo, box);
        _state.Faces.Add(face);
        _state.RowOfFace[id] = row;
        photo.Faces.Add(face);
        return face;
    }

    /// <summary>Creates a person.</summary>
    public PersonRecord CreatePerson(string? name = null)
    {
        long id = Scalar("INSERT INTO people (name) VALUES ($n) RETURNING id", ("$n", (object?)name ?? DBNull.Value));
        var person = new PersonRecord(id, name);
        _state.People[id] = person;
        return person;
    }

    /// <summary>Sets (or clears) a person's name.</summary>
    public void Rename(PersonRecord person, string? name)
    {
        Execute("UPDATE people SET name = $n WHERE id = $id", ("$n", (object?)name ?? DBNull.Value), ("$id", person.Id));
        person.Name = name;
    }

    /// <summary>
    /// Puts a face in a person (or none) and sets its pin. A person left without faces stays until
    /// <see cref="DeleteEmptyPeople"/> (so a change made of many moves can pass through an empty person).
    /// </summary>
    public void Assign(FaceRecord face, long? personId, bool pinned)
    {
        if (face.PersonId == personId && face.Pinned == pinned)
        {
            return;
        }

        Execute("UPDATE faces SET person_id = $p, pinned = $pin WHERE id = $id",
            ("$p", personId is long p ? p : DBNull.Value), ("$pin", pinned ? 1 : 0), ("$id", face.Id));
        _state.SetPerson(face, personId);
        face.Pinned = pinned;
    }

    /// <summary>Deletes every person without faces (their names go with them; their ids are never reused).</summary>
    public void DeleteEmptyPeople()
    {
        foreach (PersonRecord person in _state.People.Values.Where(p => p.FaceRows.Count == 0).ToList())
        {
            Execute("DELETE FROM people WHERE id = $id", ("$id", person.Id));
            _state.People.Remove(person.Id);
        }
    }

    /// <summary>Marks a face as not a person (a cannot-link).</summary>
    public void AddNot(FaceRecord face, long personId)
    {
        Execute("INSERT OR IGNORE INTO not_person (face_id, person_id) VALUES ($f, $p)", ("$f", face.Id), ("$p", personId));
        (face.NotPeople ??= []).Add(personId);
    }

    /// <summary>Removes a "not" mark (an explicit move overrides it).</summary>
    public void RemoveNot(FaceRecord face, long personId)
    {
        if (face.NotPeople is not null && face.NotPeople.Remove(personId))
        {
            Execute("DELETE FROM not_person WHERE face_id = $f AND person_id = $p", ("$f", face.Id), ("$p", personId));
        }
    }

    /// <summary>Appends an entry to the corrections log.</summary>
    public void Log(CorrectionKind kind, long? personId = null, long? otherPersonId = null, long? faceId = null, string? detail = null)
    {
        Execute(
            "INSERT INTO corrections (at_utc, kind, person_id, other_person_id, face_id, detail) VALUES ($t, $k, $p, $o, $f, $d)",
            ("$t", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
            ("$k", kind.ToString().ToLowerInvariant()),
            ("$p", personId is long p ? p : DBNull.Value),
            ("$o", otherPersonId is long o ? o : DBNull.Value),
            ("$f", faceId is long f ? f : DBNull.Value),
            ("$d", (object?)detail ?? DBNull.Value));
    }

    /// <summary>Makes every change durable.</summary>
    public void Commit() => _transaction.Commit();

    /// <summary>Rolls back unless committed.</summary>
    public void Dispose() => _transaction.Dispose();

    private long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
