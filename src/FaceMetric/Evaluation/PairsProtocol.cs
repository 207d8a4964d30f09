using System.Globalization;

namespace FaceMetric.Evaluation;

/// <summary>
/// A face verification protocol read from an LFW-format pairs file: which image pairs to compare, whether each shows
/// the same person, and in which fold it lies.
/// </summary>
/// <remarks>
/// <para>Two layouts are read, told apart by the first line:</para>
/// <list type="bullet">
/// <item>View 1 (<c>pairsDevTrain.txt</c>, <c>pairsDevTest.txt</c>): a first line <c>N</c>, then N matched lines
/// <c>name n1 n2</c>, then N mismatched lines <c>name1 n1 name2 n2</c>. One fold.</item>
/// <item>View 2 (<c>pairs.txt</c>): a first line <c>F N</c> (LFW: <c>10 300</c>), then F folds of N matched lines
/// followed by N mismatched lines.</item>
/// </list>
/// <para>
/// Fields are separated by tabs or spaces; image numbers are positive decimal integers; blank lines may only follow
/// the last pair. Image <c>n</c> of person <c>name</c> lives at <c>root/name/name_%04d.jpg</c>. Names may not contain
/// path separators or <c>..</c>, so a pairs file cannot point outside the image root. A mismatched line naming the
/// same person twice is rejected. Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class PairsProtocol
{
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<ImagePair> _pairs;
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<string> _images;

    private PairsProtocol(ImagePair[] pairs, int foldCount, int pairsPerClass, bool isSingleSplit, string imageRoot)
    {
        _pairs = Array.AsReadOnly(pairs);
        FoldCount = foldCount;
        PairsPerClass = pairsPerClass;
        IsSingleSplit = isSingleSplit;
        ImageRoot = imageRoot;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var images = new List<string>();
        foreach (ImagePair p in pairs)
        {
            if (seen.Add(p.PathA))
            {
                images.Add(p.PathA);
            }

            if (seen.Add(p.PathB))
            {
                images.Add(p.PathB);
            }
        }

        _images = images.AsReadOnly();
    }

    /// <summary>Every pair in file order: per fold, the matched pairs then the mismatched pairs.</summary>
    public IReadOnlyList<ImagePair> Pairs => _pairs;

    /// <summary>The number of folds: 1 for a View 1 file, F for a View 2 file.</summary>
    public int FoldCount { get; }

    /// <summary>Matched pairs per fold, which is also the number of mismatched pairs per fold (N).</summary>
    public int PairsPerClass { get; }

    /// <summary>True for the View 1 layout (one fold, no fold count on the first line).</summary>
    public bool IsSingleSplit { get; }

    /// <summary>The folder the image paths were built under.</summary>
    public string ImageRoot { get; }

    /// <summary>The distinct image paths, in order of first appearance: each needs one descriptor.</summary>
    public IReadOnlyList<string> Images => _images;

    /// <summary>Reads a pairs file.</summary>
    /// <param name="pairsFile">Path of the pairs file.</param>
    /// <param name="imageRoot">Folder holding one sub-folder per person; need not exist (no image is opened).</param>
    /// <returns>The protocol.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PairsFileException">The file is missing, unreadable or malformed (the message names the line).</exception>
    public static PairsProtocol Load(string pairsFile, string imageRoot)
    {
        ArgumentNullException.ThrowIfNull(pairsFile);
        ArgumentNullException.ThrowIfNull(imageRoot);
        try
        {
            using var reader = new StreamReader(pairsFile);
            return Parse(reader, imageRoot, pairsFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PairsFileException(pairsFile, 0, "cannot be read: " + ex.Message, ex);
        }
    }

    /// <summary>Reads pairs from a text reader.</summary>
    /// <param name="reader">The pairs text.</param>
    /// <param name="imageRoot">Folder holding one sub-folder per person.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <returns>The protocol.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PairsFileException">The text is malformed (the message names the line).</exception>
    public static PairsProtocol Parse(TextReader reader, string imageRoot, string sourceName = "pairs")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(imageRoot);
        ArgumentNullException.ThrowIfNull(sourceName);
        int lineNumber = 0;

        string? header = reader.ReadLine();
        lineNumber++;
        if (header is null)
        {
            throw new PairsFileException(sourceName, 0, "is empty.");
        }

        string[] headerFields = Split(header);
        int folds;
        int perClass;
        bool single;
        if (headerFields.Length == 1)
        {
            single = true;
            folds = 1;
            perClass = ParseCount(headerFields[0], "pair count", sourceName, lineNumber);
        }
        else if (headerFields.Length == 2)
        {
            single = false;
            folds = ParseCount(headerFields[0], "fold count", sourceName, lineNumber);
            perClass = ParseCount(headerFields[1], "pair count", sourceName, lineNumber);
        }
        else
        {
            throw new PairsFileException(
                sourceName, lineNumber, $"the first line must be 'N' (View 1) or 'folds N' (View 2); found {headerFields.Length} fields.");
        }

        var pairs = new List<ImagePair>();
        for (int fold = 0; fold < folds; fold++)
        {
            for (int kind = 0; kind < 2; kind++)
            {
                bool matched = kind == 0;
                for (int i = 0; i < perClass; i++)
                {
                    string? line = reader.ReadLine();
                    lineNumber++;
                    if (line is null)
                    {
                        throw new PairsFileException(
                            sourceName,
                            lineNumber,
                            $"the file ends early: fold {fold + 1} of {folds} expects {perClass} {(matched ? "matched" : "mismatched")} pairs, found {i}.");
                    }

                    pairs.Add(ParsePair(line, matched, fold, imageRoot, sourceName, lineNumber));
                }
            }
        }

        for (string? rest = reader.ReadLine(); rest is not null; rest = reader.ReadLine())
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(rest))
            {
                throw new PairsFileException(
                    sourceName, lineNumber, $"unexpected line after the {pairs.Count} pairs the first line announces.");
            }
        }

        return new PairsProtocol([.. pairs], folds, perClass, single, imageRoot);
    }

    private static ImagePair ParsePair(string line, bool matched, int fold, string root, string source, int lineNumber)
    {
        string[] f = Split(line);
        if (matched)
        {
            if (f.Length != 3)
            {
                throw new PairsFileException(source, lineNumber, $"a matched pair is 'name n1 n2'; found {f.Length} fields.");
            }

            string name = ParseName(f[0], source, lineNumber);
            int a = ParseCount(f[1], "image number", source, lineNumber);
            int b = ParseCount(f[2], "image number", source, lineNumber);
            return Make(root, name, a, name, b, isSame: true, fold);
        }

        if (f.Length != 4)
        {
            throw new PairsFileException(source, lineNumber, $"a mismatched pair is 'name1 n1 name2 n2'; found {f.Length} fields.");
        }

        string nameA = ParseName(f[0], source, lineNumber);
        int na = ParseCount(f[1], "image number", source, lineNumber);
        string nameB = ParseName(f[2], source, lineNumber);
        int nb = ParseCount(f[3], "image number", source, lineNumber);
        if (string.Equals(nameA, nameB, StringComparison.Ordinal))
        {
            throw new PairsFileException(source, lineNumber, $"a mismatched pair names the same person twice ({nameA}).");
        }

        return Make(root, nameA, na, nameB, nb, isSame: false, fold);
    }

    private static ImagePair Make(string root, string nameA, int a, string nameB, int b, bool isSame, int fold)
    {
        string idA = ImageId(nameA, a);
        string idB = ImageId(nameB, b);
        return new ImagePair(
            idA, idB, Path.Combine(root, nameA, idA + ".jpg"), Path.Combine(root, nameB, idB + ".jpg"), isSame, fold);
    }

    private static string ImageId(string name, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}_{number:D4}");

    private static string[] Split(string line) =>
        line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);

    private static string ParseName(string field, string source, int lineNumber)
    {
        if (field.Contains('/') || field.Contains('\\') || field.Contains("..", StringComparison.Ordinal) ||
            field.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new PairsFileException(source, lineNumber, $"'{field}' is not a valid person name (no path characters allowed).");
        }

        return field;
    }

    private static int ParseCount(string field, string what, string source, int lineNumber)
    {
        if (!int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
        {
            throw new PairsFileException(source, lineNumber, $"the {what} '{field}' is not a positive integer.");
        }

        return value;
    }
}
