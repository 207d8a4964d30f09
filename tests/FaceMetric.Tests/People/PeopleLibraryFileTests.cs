using System.Security.Cryptography;
using FaceMetric.People;
using FaceMetric.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace FaceMetric.Tests.People;

/// <summary>What opening a file that is not a good library does: a typed error, and the file is left byte for byte.</summary>
public sealed class PeopleLibraryFileTests
{
    [Fact]
    public void ATextFileIsForeignAndUntouched() =>
        AssertRefused("notes.txt", "hello, these are not faces\n"u8.ToArray(), PeopleLibraryFormatError.ForeignFile);

    [Fact]
    public void AnEmptyFileIsForeignAndUntouched() =>
        AssertRefused("empty.db", [], PeopleLibraryFormatError.ForeignFile);

    [Fact]
    public void AGalleryFileIsForeignAndUntouched() =>
        AssertRefused("gallery.fmg", "FMGALLRY\u0001\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"u8.ToArray(), PeopleLibraryFormatError.ForeignFile);

    [Fact]
    public void AnotherSqliteDatabaseIsForeignAndUntouched()
    {
        using var temp = new TempFolder();
        string path = temp.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO songs (title) VALUES ('x');";
            command.ExecuteNonQuery();
        }

        AssertRefused(path, PeopleLibraryFormatError.ForeignDatabase);
    }

    [Theory]
    [InlineData(99, "newer FaceMetric")]
    [InlineData(0, "cannot be migrated")]
    public void AVersionWithoutAWayForwardIsRefusedAndUntouched(int version, string says)
    {
        using var temp = new TempFolder();
        string path = MakeLibrary(temp);
        SetVersion(path, version);
        var e = AssertRefused(path, PeopleLibraryFormatError.UnsupportedVersion);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void ATruncatedLibraryIsCorruptAndUntouched()
    {
        using var temp = new TempFolder();
        string path = MakeLibrary(temp);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        AssertRefused(path, PeopleLibraryFormatError.Corrupt);
    }

    [Fact]
    public void ALibraryWithScrambledPagesIsCorruptAndUntouched()
    {
        using var temp = new TempFolder();
        string path = MakeLibrary(temp);
        byte[] bytes = File.ReadAllBytes(path);
        var random = new Random(5);

        // Keep the 100-byte header (still "SQLite format 3"), scramble everything after the first page.
        for (int i = 4096; i < bytes.Length; i++)
        {
            bytes[i] = (byte)random.Next(256);
        }

        File.WriteAllBytes(path, bytes);
        AssertRefused(path, PeopleLibraryFormatError.Corrupt);
    }

    [Fact]
    public void AMissingFileIsCreatedAndHoldsTheCurrentVersion()
    {
        using var temp = new TempFolder();
        string path = MakeLibrary(temp);
        using var library = PeopleLibrary.Open(path);
        Assert.Equal(40, library.FaceCount);
    }

    private static string MakeLibrary(TempFolder temp)
    {
        string path = temp.File("people.db");
        using var library = PeopleLibrary.Open(path);
        foreach (ReferenceData.LfwRow row in LfwPhotos.PeopleWithAtLeast(4).Take(40))
        {
            LfwPhotos.Add(library, row);
        }

        return path;
    }

    private static void SetVersion(string path, int version)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"UPDATE meta SET value = '{version}' WHERE key = 'schema_version'";
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static void AssertRefused(string name, byte[] contents, PeopleLibraryFormatError reason)
    {
        using var temp = new TempFolder();
        AssertRefused(temp.Write(name, contents), reason);
    }

    private static PeopleLibraryFormatException AssertRefused(string path, PeopleLibraryFormatError reason)
    {
        byte[] before = File.ReadAllBytes(path);
        var e = Assert.Throws<PeopleLibraryFormatException>(() => PeopleLibrary.Open(path));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(Path.GetFullPath(path), e.FilePath);
        Assert.Equal(SHA256.HashData(before), SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        return e;
    }
}
