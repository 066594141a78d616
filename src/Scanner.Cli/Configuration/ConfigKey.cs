using System.CommandLine;

namespace Scanner.Cli.Configuration;

/// <summary>How a scanner.yml value becomes the command-line tokens of its option.</summary>
public enum ConfigValue
{
    /// <summary>A scalar is one value, a list is the option repeated (`include: [a, b]` → `--include a --include b`).</summary>
    AsIs,
    /// <summary>As <see cref="AsIs"/>, and a relative path is relative to the file's folder.</summary>
    Path,
    /// <summary>As <see cref="Path"/>, but an http(s) URL stays as it is (targets).</summary>
    PathOrUrl,
    /// <summary>`key: false` gives the flag (`screenshots: false` → `--no-screenshots`).</summary>
    Negated,
    /// <summary>A list joined by commas into one value (`profiles: [visitor, spider]` → `--profiles visitor,spider`).</summary>
    CommaJoined,
    /// <summary>A mapping RULE: VALUE, each pair one `RULE=VALUE` (`rules.severity`).</summary>
    RuleMap,
    /// <summary>A list of { format, output }: the `--format`/`--output` pairs (`reports`).</summary>
    Reports,
}

/// <summary>
/// One command-line option (or the targets argument) and its scanner.yml key. The file's value is turned into the
/// option's tokens and parsed by the option itself, so the file and the command line accept the same values and
/// refuse bad ones with the same words.
/// </summary>
public sealed record ConfigKey(string Key, Symbol Symbol, ConfigValue Value = ConfigValue.AsIs)
{
    /// <summary>The file's values and the command line's add up (rules.severity, rules.disabled) instead of the
    /// command line replacing the file's.</summary>
    public bool Combines { get; init; }

    /// <summary>The key an option has when the table does not name one: its long name in camelCase (--max-depth → maxDepth).</summary>
    public static string DefaultKeyOf(Option option)
    {
        var words = option.Name.TrimStart('-').Split('-');
        return words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }
}

/// <summary>
/// The scan's options and their scanner.yml keys, one entry each: the command gets its options from here, so an option
/// cannot be added without a key (a test checks that every option of `scanner scan` is in the table).
/// </summary>
public sealed class ConfigTable : List<ConfigKey>
{
    /// <summary>The options that stay on the command line only, with the reason (the file cannot name itself).</summary>
    public Dictionary<Option, string> CommandLineOnly { get; } = [];

    /// <summary>An option whose key is its name in camelCase.</summary>
    public void Add(Option option, ConfigValue value = ConfigValue.AsIs) => Add(new ConfigKey(ConfigKey.DefaultKeyOf(option), option, value));

    public void Add(Symbol symbol, string key, ConfigValue value = ConfigValue.AsIs, bool combines = false) =>
        Add(new ConfigKey(key, symbol, value) { Combines = combines });

    public void CommandLineOnlyOption(Option option, string why) => CommandLineOnly[option] = why;

    /// <summary>Every option, in the table's order, the command-line-only ones last.</summary>
    public IEnumerable<Option> Options => this.Select(k => k.Symbol).OfType<Option>().Concat(CommandLineOnly.Keys).Distinct();

    public IEnumerable<Argument> Arguments => this.Select(k => k.Symbol).OfType<Argument>();

    /// <summary>The keys, each once, in the table's order.</summary>
    public IEnumerable<string> Keys => this.Select(k => k.Key).Distinct();

    public ConfigKey? KeyOf(Symbol symbol) => this.FirstOrDefault(k => k.Symbol == symbol);

    public IReadOnlyList<ConfigKey> EntriesOf(string key) => this.Where(k => k.Key == key).ToList();
}
