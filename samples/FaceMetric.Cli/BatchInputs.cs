using System.Text.Json;
using FaceMetric.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Cli;

/// <summary>
/// How a batch command treats a photo it cannot read: it records the failure (one line on stderr, an <c>"error"</c>
/// entry in JSON) and goes on with the next photo, then exits with <see cref="ExitCodes.SomeInputsFailed"/> (or
/// <see cref="ExitCodes.UnreadableInput"/> when no photo at all could be read); with
/// <c>--strict</c> the first failure stops the run (exit 3, as before). Damage a decoder recovered from is kept as the
/// photo's warnings.
/// </summary>
internal sealed class BatchInputs(TextWriter stderr, bool strict)
{
    /// <summary>The flag that restores stop-at-first-error.</summary>
    public const string StrictFlag = "strict";

    private readonly List<(string Path, string Kind, string Message)> _failures = [];
    private int _loaded;

    /// <summary>The photos that could not be read, in order.</summary>
    public IReadOnlyList<(string Path, string Kind, string Message)> Failures => _failures;

    /// <summary>Loads one photo; null when it failed (already reported).</summary>
    /// <exception cref="CliException">In strict mode, the photo could not be read (exit 3).</exception>
    public Image<Rgb24>? Load(string path, List<string> warnings)
    {
        try
        {
            Image<Rgb24> image = FaceImage.Load(path, null, warnings);
            _loaded++;
            foreach (string warning in warnings)
            {
                stderr.WriteLine($"facemetric: warning: {path}: {warning}");
            }

            return image;
        }
        catch (FaceImageException e)
        {
            Fail(path, e.Reason.ToString(), e.Message);
            return null;
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> can be read, reporting it as failed when not (its warnings are left for the
    /// analysis that reads it again): a command loads its models only once one photo can be read.
    /// </summary>
    /// <exception cref="CliException">In strict mode, the photo could not be read (exit 3).</exception>
    public bool CanRead(string path)
    {
        try
        {
            FaceImage.Load(path, null, new List<string>()).Dispose();
            return true;
        }
        catch (FaceImageException e)
        {
            Fail(path, e.Reason.ToString(), e.Message);
            return false;
        }
    }

    /// <summary>Records one photo analysed by <see cref="FaceAnalyzer.AnalyzeFiles"/>: its failure, or its warnings on stderr.</summary>
    /// <returns>True when the photo was read.</returns>
    /// <exception cref="CliException">In strict mode, the photo could not be read (exit 3).</exception>
    public bool Record(PhotoAnalysis photo)
    {
        if (photo.Error is FaceImageException e)
        {
            Fail(photo.Path, e.Reason.ToString(), e.Message);
            return false;
        }

        _loaded++;
        foreach (string warning in photo.Warnings)
        {
            stderr.WriteLine($"facemetric: warning: {photo.Path}: {warning}");
        }

        return true;
    }

    /// <summary>
    /// The faces in a photo <see cref="Load"/> gave; null (the failure recorded, as for an unreadable photo) when the
    /// detector chosen refuses it as too large (<see cref="FaceImageError.TooLargeToDetect"/>).
    /// </summary>
    /// <exception cref="CliException">In strict mode, the photo was refused (exit 3).</exception>
    public IReadOnlyList<AnalyzedFace>? Analyze(FaceAnalyzer analyzer, string path, Image<Rgb24> image)
    {
        try
        {
            return analyzer.Analyze(image);
        }
        catch (Detection.ScanTooLargeException e)
        {
            Fail(path, nameof(FaceImageError.TooLargeToDetect), $"Cannot detect faces in '{path}': {e.Message}");
            return null;
        }
    }

    /// <summary>Records a failure of <paramref name="path"/> found by the command itself.</summary>
    /// <exception cref="CliException">In strict mode.</exception>
    public void Fail(string path, string kind, string message)
    {
        if (strict)
        {
            throw CliException.BadInput(message);
        }

        _failures.Add((path, kind, message));
        stderr.WriteLine("facemetric: error: " + message);
    }

    /// <summary>The exit code of a run that otherwise succeeded: 0; 4 when some photos failed; 3 (as a single bad
    /// photo always gave) when not one could be read.</summary>
    public int ExitCode => _failures.Count == 0 ? ExitCodes.Ok : _loaded == 0 ? ExitCodes.UnreadableInput : ExitCodes.SomeInputsFailed;

    /// <summary>Writes <c>"error": {"kind", "message"}</c>.</summary>
    public static void WriteError(Utf8JsonWriter w, string kind, string message)
    {
        w.WriteStartObject("error");
        w.WriteString("kind", kind);
        w.WriteString("message", message);
        w.WriteEndObject();
    }

    /// <summary>Writes <c>"warnings": [...]</c> when there are any.</summary>
    public static void WriteWarnings(Utf8JsonWriter w, IReadOnlyCollection<string> warnings)
    {
        if (warnings.Count == 0)
        {
            return;
        }

        w.WriteStartArray("warnings");
        foreach (string warning in warnings)
        {
            w.WriteStringValue(warning);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <c>"errors": [{"path", "error"}...]</c>: every photo that failed.</summary>
    public void WriteErrors(Utf8JsonWriter w)
    {
        w.WriteStartArray("errors");
        foreach (var (path, kind, message) in _failures)
        {
            w.WriteStartObject();
            w.WriteString("path", path);
            WriteError(w, kind, message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
