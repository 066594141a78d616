using System.CommandLine;
using Scanner.Cli.CommandLine;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scanner.Cli.Configuration;

/// <summary>
/// `scanner.yml`: what `scanner scan` does when the command line does not say (schema: docs/scanner.schema.json).
/// Every key is an option of the command line (<see cref="ConfigTable"/>): its value is turned into that option's
/// tokens and parsed by the option, so a bad value is refused with the same words, plus the file, line and column.
/// Paths in the file are relative to the file's folder. The command line overrides the file, key by key.
/// </summary>
public sealed class ScannerConfig
{
    public const string DefaultFileName = "scanner.yml";

    private readonly Dictionary<(string Key, string Value), Mark> _origins;

    private ScannerConfig(string sourceFile, ParseResult values, IReadOnlySet<string> keys, Dictionary<(string, string), Mark> origins)
    {
        SourceFile = sourceFile;
        Values = values;
        Keys = keys;
        _origins = origins;
    }

    /// <summary>The file's full path.</summary>
    public string SourceFile { get; }

    /// <summary>The file's values, parsed by the scan's own options (read them with GetValue, as for the command line).</summary>
    public ParseResult Values { get; }

    /// <summary>The keys the file sets.</summary>
    public IReadOnlySet<string> Keys { get; }

    /// <summary>"scanner.yml:7:5" for a value of a key, for messages about that value found later (a rule id that does not exist).</summary>
    public string? OriginOf(string key, string value) =>
        _origins.TryGetValue((key, value), out var mark) ? $"{SourceFile}:{mark.Line}:{mark.Column}" : null;

    /// <exception cref="ConfigException">The file cannot be read, or is not valid: names the file, line and problem.</exception>
    public static ScannerConfig Load(string path, ConfigTable table)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ConfigException($"{path}: cannot read the configuration file ({e.Message})"); }
        var full = Path.GetFullPath(path);
        return Parse(text, full, Path.GetDirectoryName(full)!, table);
    }

    /// <param name="file">The name messages give the file.</param>
    /// <param name="folder">The folder relative paths are relative to.</param>
    public static ScannerConfig Parse(string yaml, string file, string folder, ConfigTable table)
    {
        var root = RootOf(yaml, file);
        var values = new List<ConfigToken>();
        var problems = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var sections = table.Keys.Where(k => k.Contains('.')).Select(k => k[..k.IndexOf('.')]).ToHashSet();
        var reader = new ConfigValueReader(folder);

        void Read(string key, YamlNode value)
        {
            var entries = table.EntriesOf(key);
            try
            {
                values.AddRange(reader.Tokens(key, entries, value));
                keys.Add(key);
            }
            catch (ConfigValueException e)
            {
                problems.Add($"{file}:{e.Mark.Line}:{e.Mark.Column}: {key}: {e.Message}");
            }
        }

        foreach (var (keyNode, value) in root?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (sections.Contains(key))
            {
                if (value is YamlScalarNode { Value: null or "" or "~" or "null" }) continue;
                if (value is not YamlMappingNode section)
                {
                    problems.Add($"{file}:{value.Start.Line}:{value.Start.Column}: {key}: expected a mapping of {string.Join(", ", SubKeys(table, key))}");
                    continue;
                }
                foreach (var (subNode, subValue) in section.Children)
                {
                    var sub = ((YamlScalarNode)subNode).Value ?? "";
                    if (table.EntriesOf($"{key}.{sub}").Count == 0) problems.Add(Unknown(file, subNode, sub, SubKeys(table, key), $"{key}."));
                    else Read($"{key}.{sub}", subValue);
                }
            }
            else if (table.EntriesOf(key).Count == 0) problems.Add(Unknown(file, keyNode, key, table.Keys.Select(k => k.Split('.')[0]).Distinct(), ""));
            else Read(key, value);
        }

        // Each value through its option, alone, so a problem is told at its own line.
        var command = ConfigCommand(table);
        foreach (var token in values)
            foreach (var line in UsageErrors.Of(command.Parse(token.Arguments)))
                problems.Add($"{file}:{token.Mark.Line}:{token.Mark.Column}: {token.Key}: {WithoutOptionName(line, token.Symbol)}");
        if (problems.Count > 0) throw new ConfigException(string.Join(Environment.NewLine, problems.Distinct()));

        var arguments = values.Where(v => v.Symbol is Option).SelectMany(v => v.Arguments)
            .Concat(["--"]).Concat(values.Where(v => v.Symbol is Argument).Select(v => v.Value)).ToArray();
        var origins = new Dictionary<(string, string), Mark>();
        foreach (var v in values) origins.TryAdd((v.Key, v.Value), v.Mark);
        return new ScannerConfig(file, command.Parse(arguments), keys, origins);
    }

    /// <summary>A command that holds the scan's options and arguments, to parse the file's values with.</summary>
    private static Command ConfigCommand(ConfigTable table)
    {
        var command = new Command(DefaultFileName);
        foreach (var option in table.Options) command.Options.Add(option);
        foreach (var argument in table.Arguments) command.Arguments.Add(argument);
        return command;
    }

    private static string WithoutOptionName(string line, Symbol symbol) =>
        symbol is Option option && line.StartsWith(option.Name + ": ", StringComparison.Ordinal) ? line[(option.Name.Length + 2)..] : line;

    private static YamlMappingNode? RootOf(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && inner is not YamlException ? inner.Message : e.Message;
            message = System.Text.RegularExpressions.Regex.Replace(message, @"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", "");
            throw new ConfigException($"{file}:{e.Start.Line}:{e.Start.Column}: {message}");
        }
        if (stream.Documents.Count == 0) return null;
        return stream.Documents[0].RootNode switch
        {
            YamlMappingNode mapping => mapping,
            YamlScalarNode { Value: null or "" or "~" or "null" } => null,
            var other => throw new ConfigException($"{file}:{other.Start.Line}:{other.Start.Column}: expected keys such as targets: and failOn:, one per line"),
        };
    }

    private static IEnumerable<string> SubKeys(ConfigTable table, string section) =>
        table.Keys.Where(k => k.StartsWith(section + ".", StringComparison.Ordinal)).Select(k => k[(section.Length + 1)..]);

    private static string Unknown(string file, YamlNode node, string key, IEnumerable<string> known, string prefix)
    {
        var nearest = Nearest.To(key, known);
        var hint = nearest is null ? $"keys are: {string.Join(", ", known)}" : $"did you mean {prefix}{nearest}?";
        return $"{file}:{node.Start.Line}:{node.Start.Column}: unknown key '{prefix}{key}' ({hint}; see docs/scanner.schema.json)";
    }
}

/// <summary>A configuration file that cannot be used: a bad argument, so the scan exits 2.</summary>
public sealed class ConfigException(string message) : ArgumentException(message);
