using Microsoft.Data.Sqlite;

namespace FaceMetric.People;

/// <summary>
/// The library's SQLite layout and its version. <c>meta</c> names the format and the schema version; a file whose
/// version is newer than <see cref="CurrentVersion"/> is refused (a newer FaceMetric made it), an older one is brought
/// forward by the <see cref="Migrations"/> in one transaction, or refused when none leads from its version.
/// </summary>
/// <remarks>
/// Tables: <c>photos</c> (content hash, unique; source path; face count, written with the faces in one transaction,
/// so a photo is whole or absent), <c>people</c> (AUTOINCREMENT: a deleted person's id is never reused, so a
/// "not this person" mark can never fall on someone new), <c>faces</c> (box, score, descriptor as 128 little-endian
/// float32, person or NULL, pinned), <c>not_person</c> (cannot-links) and <c>corrections</c> (append-only: triggers
/// refuse UPDATE and DELETE).
/// </remarks>
internal static class LibrarySchema
{
    /// <summary>The value of <c>meta.format</c> in every people library.</summary>
    public const string FormatName = "facemetric-people";

    /// <summary>The schema version this code writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>
    /// Upgrade steps by the version they start from (step v turns a version-v file into v+1). Version 1 is the first
    /// released layout, so there are none yet; a file claiming a version below 1 was not made by any release.
    /// </summary>
    public static readonly IReadOnlyDictionary<int, string> Migrations = new Dictionary<int, string>();

    private const string CreateSql = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE photos (
            id INTEGER PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            source_path TEXT NOT NULL,
            face_count INTEGER NOT NULL,
            added_utc TEXT NOT NULL);
        CREATE TABLE people (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
        CREATE TABLE faces (
            id INTEGER PRIMARY KEY,
            photo_id INTEGER NOT NULL REFERENCES photos(id),
            x REAL NOT NULL, y REAL NOT NULL, width REAL NOT NULL, height REAL NOT NULL, score REAL NOT NULL,
            descriptor BLOB NOT NULL,
            person_id INTEGER REFERENCES people(id),
            pinned INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX faces_by_photo ON faces(photo_id);
        CREATE TABLE not_person (
            face_id INTEGER NOT NULL REFERENCES faces(id),
            person_id INTEGER NOT NULL,
            PRIMARY KEY (face_id, person_id)) WITHOUT ROWID;
        CREATE TABLE corrections (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at_utc TEXT NOT NULL,
            kind TEXT NOT NULL,
            person_id INTEGER,
            other_person_id INTEGER,
            face_id INTEGER,
            detail TEXT);
        CREATE TRIGGER corrections_no_update BEFORE UPDATE ON corrections BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
        CREATE TRIGGER corrections_no_delete BEFORE DELETE ON corrections BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
        """;

    /// <summary>Creates every table of the current version in an empty database (one transaction).</summary>
    public static void Create(SqliteConnection connection)
    {
        using SqliteTransaction transaction = connection.BeginTransaction();
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = CreateSql;
            command.ExecuteNonQuery();
        }

        SetMeta(connection, "format", FormatName);
        SetMeta(connection, "schema_version", CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        transaction.Commit();
    }

    /// <summary>
    /// Reads <c>meta</c>: null when the table is missing (an SQLite file of something else), else the format name and
    /// the version (-1 when not a number).
    /// </summary>
    public static (string Format, int Version)? ReadMeta(SqliteConnection connection)
    {
        using SqliteCommand probe = connection.CreateCommand();
        probe.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'";
        if (Convert.ToInt64(probe.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        string format = GetMeta(connection, "format") ?? string.Empty;
        string? versionText = GetMeta(connection, "schema_version");
        int version = int.TryParse(versionText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) ? v : -1;
        return (format, version);
    }

    private static string? GetMeta(SqliteConnection connection, string key)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Writes one <c>meta</c> value.</summary>
    public static void SetMeta(SqliteConnection connection, string key, string value)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
