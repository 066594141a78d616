using System.Text.RegularExpressions;
using Scanner.Core.Model;
using Scanner.Core.Policy;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Scanner.Cli.Configuration;

/// <summary>
/// `scanner.yml`: what `scanner scan` does when the command line does not say (schema: docs/scanner.schema.json).
/// Paths in the file are relative to the file's folder. The command line overrides the file, option by option.
/// </summary>
public sealed class ScannerConfig
{
    public const string DefaultFileName = "scanner.yml";

    public List<string>? Targets { get; set; }
    public string? FailOn { get; set; }
    public string? Engine { get; set; }
    /// <summary>Fetch profiles (visitor, spider, search-referrer, mobile).</summary>
    public List<string>? Profiles { get; set; }
    public int? Concurrency { get; set; }
    public int? Timeout { get; set; }
    public string? Browser { get; set; }
    public string? Baseline { get; set; }
    public bool? Screenshots { get; set; }
    /// <summary>--allow-private: links, redirects, sitemaps and link checks may reach private and loopback addresses.</summary>
    public bool? AllowPrivate { get; set; }
    /// <summary>--history: the scan history database (SQLite), relative to the file's folder.</summary>
    public string? History { get; set; }
    /// <summary>--fail-on-new: fail on findings new since the previous run at or above this severity.</summary>
    public string? FailOnNew { get; set; }
    /// <summary>--notify: webhook URLs (TYPE:URL picks the payload shape: wecom, dingtalk, feishu, slack, generic).</summary>
    public List<string>? Notify { get; set; }
    /// <summary>--notify-on: the least severity of a new finding that is sent (default high).</summary>
    public string? NotifyOn { get; set; }
    public RulesSection? Rules { get; set; }
    public List<ReportSection>? Reports { get; set; }

    /// <summary>The file this came from (set by <see cref="Load"/>).</summary>
    [YamlIgnore] public string? SourceFile { get; private set; }

    public sealed class RulesSection
    {
        /// <summary>Extra rule files or folders, added to the shipped packs.</summary>
        public List<string>? Paths { get; set; }
        /// <summary>Whether to load the shipped packs (default true).</summary>
        public bool? DefaultRules { get; set; }
        /// <summary>Plain word lists.</summary>
        public List<string>? Keywords { get; set; }
        /// <summary>Rule id or family (`keyword.*`) → severity.</summary>
        public Dictionary<string, string>? Severity { get; set; }
        /// <summary>Rule ids or families not to run.</summary>
        public List<string>? Disabled { get; set; }
    }

    public sealed class ReportSection
    {
        public string? Format { get; set; }
        /// <summary>File to write; absent or "-" = standard output.</summary>
        public string? Output { get; set; }
    }

    /// <exception cref="ConfigException">The file is not valid: names the file, line and problem.</exception>
    public static ScannerConfig Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ConfigException($"{path}: cannot read the configuration file ({e.Message})"); }
        var config = Parse(text, path);
        config.SourceFile = Path.GetFullPath(path);
        config.ResolvePaths(Path.GetDirectoryName(config.SourceFile)!);
        config.Validate(path);
        return config;
    }

    public static ScannerConfig Parse(string yaml, string file)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        try
        {
            return deserializer.Deserialize<ScannerConfig?>(yaml) ?? new ScannerConfig();
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && inner is not YamlException ? inner.Message : StripMark(e.Message);
            if (Regex.Match(message, "Property '([^']*)' not found on type '(?:[^']*\\.)?([^'.]*)'") is { Success: true } unknown)
                message = $"unknown key '{unknown.Groups[1].Value}' (keys are: {KeysOf(unknown.Groups[2].Value)}; see docs/scanner.schema.json)";
            throw new ConfigException($"{file}:{e.Start.Line}:{e.Start.Column}: {message}");
        }
    }

    /// <summary>The rule policy the file asks for.</summary>
    public RulePolicy Policy()
    {
        var overrides = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rule, word) in Rules?.Severity ?? [])
            overrides[rule] = SeverityNames.TryParse(word, out var s) ? s : throw new ConfigException($"{SourceFile}: rules.severity.{rule}: unknown severity '{word}'");
        return new RulePolicy { SeverityOverrides = overrides, DisabledRules = Rules?.Disabled ?? [] };
    }

    private void ResolvePaths(string folder)
    {
        string Resolve(string p) => IsUrl(p) || Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(folder, p));
        Targets = Targets?.Select(Resolve).ToList();
        if (Baseline is not null) Baseline = Resolve(Baseline);
        if (History is not null) History = Resolve(History);
        if (Browser is not null && Browser.Contains('/')) Browser = Resolve(Browser);
        if (Rules is not null)
        {
            Rules.Paths = Rules.Paths?.Select(Resolve).ToList();
            Rules.Keywords = Rules.Keywords?.Select(Resolve).ToList();
        }
        foreach (var r in Reports ?? [])
            if (r.Output is not null and not "-") r.Output = Resolve(r.Output);
    }

    private void Validate(string file)
    {
        foreach (var (rule, word) in Rules?.Severity ?? [])
        {
            if (!RulePolicy.IsValidPattern(rule)) throw new ConfigException($"{file}: rules.severity: '{rule}' is not a rule id, a family such as 'keyword.*', or '*'");
            if (!SeverityNames.TryParse(word, out _)) throw new ConfigException($"{file}: rules.severity.{rule}: unknown severity '{word}' (use {string.Join(", ", SeverityNames.AllWords)})");
        }
        foreach (var rule in Rules?.Disabled ?? [])
            if (!RulePolicy.IsValidPattern(rule)) throw new ConfigException($"{file}: rules.disabled: '{rule}' is not a rule id, a family such as 'keyword.*', or '*'");
        foreach (var (r, i) in (Reports ?? []).Select((r, i) => (r, i)))
            if (string.IsNullOrWhiteSpace(r.Format)) throw new ConfigException($"{file}: reports[{i}] needs a 'format'");
    }

    private static string KeysOf(string typeName)
    {
        var type = new[] { typeof(ScannerConfig), typeof(RulesSection), typeof(ReportSection) }.FirstOrDefault(t => t.Name == typeName) ?? typeof(ScannerConfig);
        return string.Join(", ", type.GetProperties().Where(p => p.CanWrite && p.GetCustomAttributes(typeof(YamlIgnoreAttribute), false).Length == 0)
            .Select(p => CamelCaseNamingConvention.Instance.Apply(p.Name)));
    }

    private static bool IsUrl(string p) => p.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || p.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static string StripMark(string message) => Regex.Replace(message, @"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", "");
}

/// <summary>A configuration file that cannot be used: a bad argument, so the scan exits 2.</summary>
public sealed class ConfigException(string message) : ArgumentException(message);
