using System.Diagnostics;
using FaceMetric.People;
using FaceMetric.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Cli;

/// <summary>
/// Crash safety: <c>facemetric people add</c> runs as a child process and is killed (SIGKILL) at several points; the
/// library must open afterwards, pass SQLite's integrity check, and hold every photo either whole or not at all.
/// </summary>
public sealed class PeopleAddKillTests(ITestOutputHelper output)
{
    [Fact]
    public void KilledMidAddTheLibraryOpensConsistentWithEveryPhotoWholeOrAbsent()
    {
        using var temp = new TempFolder();
        string lib = temp.File("people.db");
        string[] sources = [Fixtures.Path("data/face_recognition"), Fixtures.Path("data/openface"), Fixtures.Path("data/FaceRecognitionDotNet")];
        string[] extensions = [".jpg", ".jpeg", ".png", ".bmp"];
        int total = sources.SelectMany(s => Directory.EnumerateFiles(s, "*", SearchOption.AllDirectories))
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Select(PeopleLibrary.HashPhoto).Distinct().Count();
        var random = new Random(11);
        int kills = 0;
        int previous = 0;

        // Kill after the k-th progress line plus a random delay (inside the next photo's analysis or transaction).
        foreach (int afterLine in new[] { 1, 3, 3, 6, 9, 12 })
        {
            int delay = random.Next(0, 120);
            (bool killed, int lines) = RunAndKill(lib, sources, afterLine, delay);
            kills += killed ? 1 : 0;
            int photos = AssertConsistent(lib);
            output.WriteLine($"kill after progress line {afterLine} + {delay} ms: killed={killed}, lines seen {lines}, photos in library {photos}");
            Assert.True(photos >= previous);
            previous = photos;
        }

        Assert.True(kills >= 3, $"only {kills} runs were killed before they finished");

        // A full run afterwards completes the library: every photo exactly once (files with the same bytes are one photo).
        var (code, stdout, stderr) = CliRunner.Run("people", "add", lib, sources[0], sources[1], sources[2]);
        Assert.True(code == 0, stderr);
        Assert.Equal(total, AssertConsistent(lib));
    }

    private static (bool Killed, int Lines) RunAndKill(string lib, string[] sources, int afterLine, int delayMs)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "FaceMetric.Cli.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { cli, "people", "add", lib }.Concat(sources).Concat(["--models", Path.Combine(Fixtures.RepoRoot, "models")]))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        int lines = 0;
        var reached = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && e.Data.StartsWith("people add: ", StringComparison.Ordinal) && Interlocked.Increment(ref lines) >= afterLine)
            {
                reached.Set();
            }
        };
        process.BeginErrorReadLine();
        reached.Wait(TimeSpan.FromMinutes(3));
        Thread.Sleep(delayMs);
        bool killed = !process.HasExited;
        if (killed)
        {
            process.Kill(entireProcessTree: true);
        }

        Assert.True(process.WaitForExit(60_000));
        return (killed, lines);
    }

    /// <summary>
    /// Opens the library as a user would (read-write, so SQLite rolls back the hot journal a killed writer leaves; its
    /// loader checks every photo's declared face count), then runs SQLite's integrity check on the closed file; returns
    /// the photo count. A read-only connection first would be refused (SQLITE_READONLY_ROLLBACK) whenever the kill
    /// landed inside a transaction, since it cannot roll the journal back.
    /// </summary>
    private static int AssertConsistent(string lib)
    {
        int photos;
        using (var library = PeopleLibrary.Open(lib))
        {
            LfwPhotosCheck(library);
            photos = library.PhotoCount;
        }

        Assert.False(File.Exists(lib + "-journal"), "the hot journal outlived opening the library");
        using var connection = new SqliteConnection($"Data Source={lib};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar() as string);
        check.CommandText = "SELECT count(*) FROM photos p WHERE p.face_count != (SELECT count(*) FROM faces f WHERE f.photo_id = p.id)";
        Assert.Equal(0L, (long)check.ExecuteScalar()!);
        return photos;
    }

    private static void LfwPhotosCheck(PeopleLibrary library)
    {
        Assert.Equal(library.FaceCount, library.GetPhotos().Sum(p => p.Faces.Count));
        foreach (LibraryPerson person in library.GetPeople())
        {
            Assert.Equal(person.Faces.Count, person.Faces.Select(f => f.PhotoId).Distinct().Count());
        }
    }
}
