using System.CommandLine;
using System.Text;

namespace Scanner.Cli.Configuration;

/// <summary>
/// The commented scanner.yml that `scanner init` writes, made from the <see cref="ConfigTable"/>: every key with its
/// option's description and default, commented out the way sshd_config is (`#key: value`: delete the `#` to use it),
/// so a new option shows up here without anyone editing a template. Descriptions never start with `word:`, so a reader
/// (and ConfigKeyTests) can tell a commented key from a comment.
/// </summary>
public static class StarterConfig
{
    public static string Write(ConfigTable table, IReadOnlyList<string> targets)
    {
        var text = new StringBuilder();
        text.AppendLine("# scanner.yml: what `scanner scan` does when its command line does not say (written by `scanner init`).");
        text.AppendLine("# Each key is an option of `scanner scan --help`; an option given on the command line wins over its key here.");
        text.AppendLine("# Paths are relative to this file. Schema: docs/scanner.schema.json. Delete the # before a key to use it.");
        string? section = null;
        foreach (var key in table.Keys)
        {
            var entries = table.EntriesOf(key);
            var dot = key.IndexOf('.');
            var name = dot < 0 ? key : key[(dot + 1)..];
            var indent = dot < 0 ? "" : "  ";
            if (dot >= 0 && section != key[..dot])
            {
                section = key[..dot];
                text.AppendLine().AppendLine($"#{section}:");
            }
            else if (dot < 0) section = null;
            if (dot < 0) text.AppendLine();
            foreach (var line in Wrap(DescriptionOf(entries[0]), 100 - indent.Length))
                text.AppendLine($"#{indent} {line}");
            if (key == "targets" && targets.Count > 0)
            {
                text.AppendLine("targets:");
                foreach (var target in targets) text.AppendLine($"  - {Quote(target)}");
                continue;
            }
            foreach (var line in SampleOf(key, entries, name))
                text.AppendLine($"#{indent}{line}");
        }
        return text.ToString();
    }

    private static IEnumerable<string> SampleOf(string key, IReadOnlyList<ConfigKey> entries, string name)
    {
        var first = entries[0];
        switch (first.Value)
        {
            case ConfigValue.Reports:
                return [$"{name}:", "  - format: console", "  - format: json", "    output: scanner-report.json"];
            case ConfigValue.RuleMap:
                return [$"{name}: {{}}    # e.g. keyword.gambling: medium"];
            case ConfigValue.CommaJoined:
                return [$"{name}: [{DefaultOf(first.Symbol) ?? "visitor"}]"];
        }
        if (entries.Any(e => e.Value == ConfigValue.Negated))
            return [$"{name}: {(first.Value == ConfigValue.Negated ? "true" : "false")}"];
        var value = DefaultOf(first.Symbol);
        var many = first.Symbol is Argument or Option { Arity.MaximumNumberOfValues: > 1 };
        if (many) return [$"{name}: []"];
        return [value is null ? $"{name}:" : $"{name}: {value}"];
    }

    private static string? DefaultOf(Symbol symbol) => symbol switch
    {
        Option { HasDefaultValue: true } option => Format(option.GetDefaultValue()),
        Option option when option.ValueType == typeof(bool) => "false",
        _ => null,
    };

    private static string? Format(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string DescriptionOf(ConfigKey key) => key.Value switch
    {
        ConfigValue.Reports => "The reports to write, each a format (console, json, jsonl, sarif, junit, markdown or html) and an output file (none or \"-\": standard output, for one report at most)",
        ConfigValue.Negated => "false = " + LowerFirst(key.Symbol.Description ?? ""),
        _ => (key.Symbol.Description ?? "").Replace(" (default: the targets of scanner.yml)", ""),
    };

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static string Quote(string value) => value.Any(c => ":#{}[],&*?|<>=!%@`'\"".Contains(c)) && !value.StartsWith("http")
        ? $"'{value.Replace("'", "''")}'"
        : value;

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
