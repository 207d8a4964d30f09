using System.Text.Json;
using FFMpegCore;
using FFMpegCore.Exceptions;

namespace FaceMetric.Video.Decoding;

/// <summary>
/// ffprobe a file and sort failures into the typed exceptions: an empty file, a file that is not a video, a damaged
/// or truncated video.
/// </summary>
/// <remarks>
/// ffprobe says "Invalid data found when processing input" both for a file that is no video at all and for an MP4
/// cut before its index (<c>moov</c>). The file's first bytes tell them apart: a file that starts like a video
/// container (ISO BMFF <c>ftyp</c>, Matroska/WebM EBML, RIFF AVI, FLV, Ogg, MPEG-TS (two sync bytes 188 apart), MPEG-PS) is a damaged video,
/// anything else is not a video.
/// </remarks>
internal static class VideoProbe
{
    /// <summary>Image formats ffmpeg reads as a one-frame "video"; a still photo is not a video here.</summary>
    private static readonly string[] StillFormats = ["image2", "png_pipe", "jpeg_pipe", "bmp_pipe", "gif", "webp_pipe", "tiff_pipe", "pam_pipe", "ppm_pipe", "pgm_pipe"];

    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="EmptyVideoException">The file has 0 bytes, or is a video container holding no stream.</exception>
    /// <exception cref="NotAVideoException">Not a video.</exception>
    /// <exception cref="VideoUnreadableException">A video container ffprobe cannot read.</exception>
    public static async Task<VideoInfo> ProbeAsync(string path, FFOptions options, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        if (file.Length == 0)
        {
            throw new EmptyVideoException(path, "0 bytes");
        }

        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (FFProbeProcessException e)
        {
            string reason = LastLine(e.StandardError) ?? $"ffprobe exited with {e.ExitCode}";
            throw LooksLikeVideoContainer(path) ? new VideoUnreadableException(path, reason, e) : new NotAVideoException(path, reason, e);
        }
        catch (FFMpegException e)
        {
            throw new VideoUnreadableException(path, e.Message, e);
        }

        string format = analysis.Format?.FormatName ?? string.Empty;
        VideoStream? stream = analysis.PrimaryVideoStream;
        if (stream is null && analysis.AudioStreams.Count == 0 && analysis.SubtitleStreams.Count == 0 && LooksLikeVideoContainer(path))
        {
            throw new EmptyVideoException(path, $"no frames: the '{format}' container holds no stream");
        }

        if (stream is null)
        {
            throw new NotAVideoException(path, $"no video stream (format '{format}')");
        }

        if (StillFormats.Any(still => format.Split(',').Contains(still, StringComparer.Ordinal)))
        {
            throw new NotAVideoException(path, $"a still image (format '{format}')");
        }

        int width = stream.Width ?? 0;
        int height = stream.Height ?? 0;
        if (width <= 0 || height <= 0)
        {
            throw new VideoUnreadableException(path, "the video stream has no frame size");
        }

        if (Math.Abs(stream.Rotation) % 180 == 90)
        {
            (width, height) = (height, width);
        }

        TimeSpan duration = stream.Duration > TimeSpan.Zero ? stream.Duration : analysis.Duration;
        return new VideoInfo(width, height, stream.AverageFrameRate, duration, DeclaredFrames(analysis, stream.Index));
    }

    private static long? DeclaredFrames(IMediaAnalysis analysis, int index)
    {
        FFProbeStream? raw = analysis.Raw?.Streams?.FirstOrDefault(s => s.Index == index);
        if (raw?.ExtensionData is { } extra && extra.TryGetValue("nb_frames", out JsonElement element))
        {
            string? text = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
            if (long.TryParse(text, out long frames) && frames > 0)
            {
                return frames;
            }
        }

        return null;
    }

    /// <summary>The last non-empty line of a tool's stderr, or null.</summary>
    internal static string? LastLine(IEnumerable<string>? lines) =>
        lines?.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);

    /// <summary>True when the file's first bytes are those of a video container (see the class remarks).</summary>
    internal static bool LooksLikeVideoContainer(string path)
    {
        Span<byte> head = stackalloc byte[189];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        ReadOnlySpan<byte> h = head[..read];
        return (h.Length >= 8 && h.Slice(4, 4).SequenceEqual("ftyp"u8))
            || h.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3])
            || (h.Length >= 12 && h.StartsWith("RIFF"u8) && h.Slice(8, 4).SequenceEqual("AVI "u8))
            || h.StartsWith("FLV"u8)
            || h.StartsWith("OggS"u8)
            || h.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xBA])
            || (h.Length >= 189 && h[0] == 0x47 && h[188] == 0x47);
    }
}
