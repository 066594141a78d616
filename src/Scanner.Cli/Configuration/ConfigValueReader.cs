using System.CommandLine;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scanner.Cli.Configuration;

/// <summary>One value of scanner.yml as the command-line tokens of its option, with where it stood in the file.</summary>
public sealed record ConfigToken(string Key, Symbol Symbol, string Value, Mark Mark)
{
    /// <summary>`--max-depth=3` (one token, so a value that starts with a dash stays a value), or `-- TARGET`.</summary>
    public string[] Arguments => Symbol is Option option ? [$"{option.Name}={Value}"] : ["--", Value];
}

/// <summary>A value of the wrong shape (a list where one value goes, a mapping where a list goes).</summary>
public sealed class ConfigValueException(Mark mark, string message) : Exception(message)
{
    public Mark Mark { get; } = mark;
}

/// <summary>Turns one key's YAML value into its options' tokens (<see cref="ConfigValue"/>); the options check the values.</summary>
public sealed class ConfigValueReader(string folder)
{
    public IEnumerable<ConfigToken> Tokens(string key, IReadOnlyList<ConfigKey> entries, YamlNode node)
    {
        var first = entries[0];
        switch (first.Value)
        {
            case ConfigValue.Reports:
                return Reports(key, entries, node);
            case ConfigValue.RuleMap:
                if (node is not YamlMappingNode map) throw new ConfigValueException(node.Start, "expected a mapping of RULE: VALUE, e.g. keyword.gambling: medium");
                return map.Children.Select(c => new ConfigToken(key, first.Symbol, $"{Scalar(c.Key)}={Scalar(c.Value)}", c.Key.Start));
            case ConfigValue.CommaJoined:
                var items = Items(node).ToList();
                return [new ConfigToken(key, first.Symbol, string.Join(",", items.Select(Scalar)), node.Start)];
        }
        if (entries.Any(e => e.Value == ConfigValue.Negated))
        {
            // A flag and its opposite share a key (screenshots: true → --screenshots, false → --no-screenshots).
            var word = Scalar(node);
            if (!bool.TryParse(word, out var on)) throw new ConfigValueException(node.Start, $"expected true or false, got '{word}'");
            return entries.Select(e => new ConfigToken(key, e.Symbol, (e.Value == ConfigValue.Negated ? !on : on) ? "true" : "false", node.Start));
        }
        if (first.Symbol is Option { ValueType: var type } && type == typeof(bool))
        {
            // Checked here: System.CommandLine would take a word that is not true/false as the next argument.
            var word = Scalar(node);
            if (!bool.TryParse(word, out _)) throw new ConfigValueException(node.Start, $"expected true or false, got '{word}'");
        }
        var many = first.Symbol is Argument or Option { Arity.MaximumNumberOfValues: > 1 };
        if (!many && node is YamlSequenceNode) throw new ConfigValueException(node.Start, "expected one value, not a list");
        return Items(node).Select(item => new ConfigToken(key, first.Symbol, Resolve(Scalar(item), first.Value), item.Start));
    }

    private IEnumerable<ConfigToken> Reports(string key, IReadOnlyList<ConfigKey> entries, YamlNode node)
    {
        var format = entries.Single(e => e.Symbol is Option { Name: "--format" }).Symbol;
        var output = entries.Single(e => e.Symbol is Option { Name: "--output" }).Symbol;
        foreach (var item in Items(node))
        {
            if (item is not YamlMappingNode report) throw new ConfigValueException(item.Start, "expected { format: FORMAT, output: FILE } for each report");
            string? formatValue = null, outputValue = null;
            foreach (var (k, v) in report.Children)
            {
                switch (Scalar(k))
                {
                    case "format": formatValue = Scalar(v); break;
                    case "output": outputValue = Scalar(v) is "-" or "" ? "-" : Resolve(Scalar(v), ConfigValue.Path); break;
                    default: throw new ConfigValueException(k.Start, $"unknown key '{Scalar(k)}' in a report (keys are: format, output)");
                }
            }
            if (formatValue is null) throw new ConfigValueException(item.Start, "each report needs a 'format'");
            yield return new ConfigToken(key, format, formatValue, item.Start);
            yield return new ConfigToken(key, output, outputValue ?? "-", item.Start);
        }
    }

    /// <summary>A list's items; a single value is a list of one.</summary>
    private static IEnumerable<YamlNode> Items(YamlNode node) => node switch
    {
        YamlSequenceNode sequence => sequence.Children,
        YamlMappingNode => throw new ConfigValueException(node.Start, "expected a value or a list of values, not a mapping"),
        YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain } => [],
        _ => [node],
    };

    private static string Scalar(YamlNode node) => node is YamlScalarNode scalar
        ? scalar.Value ?? ""
        : throw new ConfigValueException(node.Start, "expected a single value");

    private string Resolve(string value, ConfigValue kind) => kind switch
    {
        ConfigValue.PathOrUrl when IsUrl(value) => value,
        ConfigValue.Path or ConfigValue.PathOrUrl when value.Length > 0 && !Path.IsPathRooted(value) => Path.GetFullPath(Path.Combine(folder, value)),
        _ => value,
    };

    private static bool IsUrl(string p) => p.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || p.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
