namespace FaceMetric.Cli;

/// <summary>
/// A command's arguments: positional values and <c>--name value</c> / <c>--flag</c> options. Unknown options are
/// refused so that a typo never silently changes a result.
/// </summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ParsedArguments(List<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    public bool Json => Flag("json");

    /// <param name="args">The arguments after the command name.</param>
    /// <param name="valueOptions">Options that take a value.</param>
    /// <param name="flags">Options without a value (--json is always allowed).</param>
    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flags)
    {
        var positional = new List<string>();
        var result = new ParsedArguments(positional);
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                positional.Add(a);
                continue;
            }

            string name = a[2..];
            if (name == "json" || flags.Contains(name))
            {
                result._options[name] = null;
            }
            else if (valueOptions.Contains(name))
            {
                if (i + 1 >= args.Count)
                {
                    throw CliException.BadArguments($"option --{name} needs a value");
                }

                result._options[name] = args[++i];
            }
            else
            {
                throw CliException.BadArguments($"unknown option --{name}");
            }
        }

        return result;
    }

    public bool Flag(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.TryGetValue(name, out string? v) ? v : null;

    public double Double(string name, double fallback, double min, double max)
    {
        string? text = Value(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) || v < min || v > max || double.IsNaN(v))
        {
            throw CliException.BadArguments($"--{name} must be a number in [{min}, {max}]; got '{text}'");
        }

        return v;
    }

    public int Int(string name, int fallback, int min, int max)
    {
        string? text = Value(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw CliException.BadArguments($"--{name} must be a whole number in [{min}, {max}]; got '{text}'");
        }

        return v;
    }
}
