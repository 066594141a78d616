using Scanner.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scanner.Core.Rules;

/// <summary>
/// Reads one YAML rule file (a keyword pack or a link policy; see rules/README.md for the format).
/// Every problem becomes a <see cref="RuleFileException"/> that names the file, the line and the problem.
/// </summary>
public static class RuleFileParser
{
    private static readonly string[] KeywordKeys = ["kind", "id", "category", "severity", "title", "help", "keywords", "allow", "tests"];
    private static readonly string[] LinkPolicyKeys = ["kind", "allowedDomains", "deniedDomains", "deniedDomainLists", "suspiciousTlds",
        "platforms", "analytics", "cdns"];

    private static readonly string[] DetectorKeys = ["kind", "doorway", .. DetectorSettingDeclarations.Sections];
    private static readonly string[] DoorwayKeys = ["weights", "saturation", "minimumDistinctTerms", "thresholds", "enforcement"];

    /// <summary>A parsed rule file: exactly one of the four is set.</summary>
    public sealed record Parsed(KeywordPack? Pack, LinkPolicy? LinkPolicy, DetectorSettings? Detectors = null, IReadOnlyList<string>? RealWords = null);

    public static Parsed ParseFile(string path) => Parse(File.ReadAllText(path), path);

    public static Parsed Parse(string yaml, string file)
    {
        var root = LoadRoot(yaml, file);
        var kind = OptionalScalar(root, "kind", file) ?? "keywords";
        return kind switch
        {
            "keywords" => new Parsed(ParseKeywordPack(root, file), null),
            "link-policy" => new Parsed(null, ParseLinkPolicy(root, file)),
            "detector-settings" => new Parsed(null, null, Detectors: ParseDetectorSettings(root, file)),
            "words" => new Parsed(null, null, RealWords: ParseRealWords(root, file)),
            _ => throw Error(file, root.Children[new YamlScalarNode("kind")], $"unknown kind '{kind}' (expected 'keywords', 'link-policy', 'detector-settings' or 'words')"),
        };
    }

    private static YamlMappingNode LoadRoot(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is YamlException ie ? ie.Message : e.Message;
            throw new RuleFileException(file, (int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {StripMark(inner)}");
        }
        if (stream.Documents.Count == 0) throw new RuleFileException(file, 1, 1, "the file is empty");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw Error(file, stream.Documents[0].RootNode, "expected a mapping at the top level (keys such as 'id:' and 'keywords:')");
        return root;
    }

    private static KeywordPack ParseKeywordPack(YamlMappingNode root, string file)
    {
        RejectUnknownKeys(root, KeywordKeys, file);
        var id = RequiredScalar(root, "id", file);
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9-]*$"))
            throw Error(file, Value(root, "id")!, $"id '{id}' must be lower-case letters, digits and dashes");
        var severity = ParseSeverity(root, "severity", file) ?? Severity.High;
        var terms = new List<KeywordTerm>();
        if (Value(root, "keywords") is not YamlSequenceNode keywords)
            throw Error(file, Value(root, "keywords") ?? root, "a keyword pack needs a 'keywords:' list");
        foreach (var item in keywords)
            terms.Add(ParseTerm(item, file));
        if (terms.Count == 0) throw Error(file, keywords, "'keywords:' is empty");

        var tests = Value(root, "tests") as YamlMappingNode;
        if (tests is not null) RejectUnknownKeys(tests, ["match", "noMatch"], file);
        return new KeywordPack
        {
            Id = id,
            Category = OptionalScalar(root, "category", file) ?? id,
            Severity = severity,
            Title = OptionalScalar(root, "title", file) ?? "",
            Help = OptionalScalar(root, "help", file) ?? "",
            Terms = terms,
            Allow = AllowPhrases(root, file),
            Contexts = ReportingContexts(root, file),
            MustMatch = tests is null ? [] : StringList(tests, "match", file),
            MustNotMatch = tests is null ? [] : StringList(tests, "noMatch", file),
            SourceFile = file,
        };
    }

    /// <summary>The plain entries of <c>allow:</c>: innocent longer phrases.</summary>
    private static IReadOnlyList<string> AllowPhrases(YamlMappingNode root, string file)
    {
        if (Value(root, "allow") is not { } node) return [];
        if (node is not YamlSequenceNode sequence) throw Error(file, node, "'allow' must be a list");
        return sequence.Children.OfType<YamlScalarNode>().Select(child => child.Value is { } v && v.Trim().Length > 0
                ? v.Trim()
                : throw Error(file, child, "each entry of 'allow' must be a non-empty string or a mapping with 'near:'"))
            .ToArray();
    }

    /// <summary>The mapping entries of <c>allow:</c>: reporting contexts (near / nearLists / unless / cap / maxTerms).</summary>
    private static IReadOnlyList<ReportingContext> ReportingContexts(YamlMappingNode root, string file)
    {
        if (Value(root, "allow") is not YamlSequenceNode sequence) return [];
        var contexts = new List<ReportingContext>();
        foreach (var child in sequence.Children)
        {
            if (child is YamlScalarNode) continue;
            if (child is not YamlMappingNode map) throw Error(file, child, "each entry of 'allow' must be a string or a mapping with 'near:'");
            RejectUnknownKeys(map, ["near", "nearLists", "unless", "unlessLists", "cap", "maxTerms"], file);
            var near = StringList(map, "near", file).Concat(ListedWords(map, "nearLists", file)).ToList();
            var unless = StringList(map, "unless", file).Concat(ListedWords(map, "unlessLists", file)).Distinct().ToArray();
            if (near.Count == 0) throw Error(file, map, "a reporting context needs words in 'near:' or 'nearLists:'");
            var maxTerms = ReportingContext.DefaultMaxTerms;
            if (OptionalScalar(map, "maxTerms", file) is { } max && (!int.TryParse(max, out maxTerms) || maxTerms < 1))
                throw Error(file, Value(map, "maxTerms")!, $"'maxTerms' must be a positive whole number, not '{max}'");
            contexts.Add(new ReportingContext(near.Distinct().ToArray(), unless,
                ParseSeverity(map, "cap", file) ?? Severity.Medium, maxTerms, file));
        }
        return contexts;
    }

    /// <summary>The words of the plain lists named under <paramref name="key"/>, relative to the rule file.</summary>
    private static IEnumerable<string> ListedWords(YamlMappingNode map, string key, string file)
    {
        foreach (var listNode in Value(map, key) is YamlSequenceNode lists ? lists.Children : [])
        {
            var relative = (listNode as YamlScalarNode)?.Value ?? throw Error(file, listNode, "expected a file path");
            var listPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", relative);
            if (!File.Exists(listPath)) throw Error(file, listNode, $"word list '{relative}' not found (looked at {listPath})");
            foreach (var word in Text.WordList.ReadFile(listPath)) yield return word;
        }
    }

    private static KeywordTerm ParseTerm(YamlNode item, string file)
    {
        switch (item)
        {
            case YamlScalarNode scalar when !string.IsNullOrWhiteSpace(scalar.Value):
                return new KeywordTerm(scalar.Value.Trim());
            case YamlMappingNode map:
                RejectUnknownKeys(map, ["term", "severity", "context"], file);
                return new KeywordTerm(RequiredScalar(map, "term", file), ParseSeverity(map, "severity", file))
                {
                    Context = StringList(map, "context", file),
                };
            default:
                throw Error(file, item, "a keyword must be a string or a mapping with 'term:'");
        }
    }

    /// <summary>A list of real words that a two-character hit must not cut through (禄口 for 口交 in 禄口交警).</summary>
    private static IReadOnlyList<string> ParseRealWords(YamlMappingNode root, string file)
    {
        RejectUnknownKeys(root, ["kind", "title", "words"], file);
        var words = StringList(root, "words", file);
        if (words.Count == 0) throw Error(file, Value(root, "words") ?? root, "a words file needs a non-empty 'words:' list");
        return words;
    }

    private static LinkPolicy ParseLinkPolicy(YamlMappingNode root, string file)
    {
        RejectUnknownKeys(root, LinkPolicyKeys, file);
        var denied = StringList(root, "deniedDomains", file).ToList();
        foreach (var listNode in Value(root, "deniedDomainLists") is YamlSequenceNode lists ? lists.Children : [])
        {
            var relative = (listNode as YamlScalarNode)?.Value ?? throw Error(file, listNode, "expected a file path");
            var listPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", relative);
            if (!File.Exists(listPath)) throw Error(file, listNode, $"domain list '{relative}' not found (looked at {listPath})");
            denied.AddRange(PlainListReader.ReadDomains(listPath));
        }
        return new LinkPolicy
        {
            AllowedDomains = LinkPolicy.Set(StringList(root, "allowedDomains", file)),
            DeniedDomains = LinkPolicy.Set(denied),
            SuspiciousTlds = LinkPolicy.Set(StringList(root, "suspiciousTlds", file)),
            WellKnownDomains = LinkPolicy.Set(new[] { "platforms", "analytics", "cdns" }.SelectMany(key => DomainList(root, key, file))),
            SourceFiles = [file],
        };
    }

    /// <summary>A list of domain names (weibo.com, hm.baidu.com): a URL, a wildcard or a stray word is an error on its line.</summary>
    private static IReadOnlyList<string> DomainList(YamlMappingNode map, string key, string file) =>
        Value(map, key) is { } node ? DomainList(node, key, file) : [];

    /// <param name="allowSingleLabel">A suffix list: a top-level label alone (gov, edu) is a valid entry.</param>
    internal static IReadOnlyList<string> DomainList(YamlNode node, string key, string file, bool allowSingleLabel = false)
    {
        if (node is not YamlSequenceNode sequence) throw Error(file, node, $"'{key}' must be a list");
        foreach (var child in sequence.Children)
        {
            var value = (child as YamlScalarNode)?.Value?.Trim() ?? "";
            var labels = allowSingleLabel ? "*" : "+";
            if (!System.Text.RegularExpressions.Regex.IsMatch(value, $@"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.){labels}[a-z][a-z0-9-]*[a-z0-9]$", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
                throw Error(file, child, allowSingleLabel
                    ? $"'{value}' in '{key}' is not a domain suffix (write gov or gov.cn, not a URL or a pattern)"
                    : $"'{value}' in '{key}' is not a domain name (write weibo.com, not a URL or a pattern)");
        }
        return sequence.Children.Select(child => ((YamlScalarNode)child).Value!.Trim()).ToArray();
    }

    private static DetectorSettings ParseDetectorSettings(YamlMappingNode root, string file)
    {
        RejectUnknownKeys(root, DetectorKeys, file);
        var values = SettingValues(root, file);
        if (Value(root, "doorway") is not { } node) return new DetectorSettings { Values = values };
        var doorway = Mapping(node, "doorway", file);
        RejectUnknownKeys(doorway, DoorwayKeys, file);
        var weightsNode = Mapping(Value(doorway, "weights") ?? throw Error(file, doorway, "missing required key 'weights'"), "weights", file);
        RejectUnknownKeys(weightsNode, DoorwaySettings.SignalNames, file);
        var weights = weightsNode.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => Number(kv.Value, "a weight", file));
        var saturation = Mapping(Value(doorway, "saturation") ?? throw Error(file, doorway, "missing required key 'saturation'"), "saturation", file);
        RejectUnknownKeys(saturation, ["titleTerms", "distinctTerms", "categories"], file);
        var thresholds = Mapping(Value(doorway, "thresholds") ?? throw Error(file, doorway, "missing required key 'thresholds'"), "thresholds", file);
        RejectUnknownKeys(thresholds, ["medium", "high", "critical"], file);
        double Required(YamlMappingNode map, string key, bool positive = true)
        {
            var value = Number(Value(map, key) ?? throw Error(file, map, $"missing required key '{key}'"), $"'{key}'", file);
            if (positive && value <= 0) throw Error(file, Value(map, key)!, $"'{key}' must be more than 0");
            return value;
        }
        var (medium, high, critical) = (Required(thresholds, "medium"), Required(thresholds, "high"), Required(thresholds, "critical"));
        if (!(medium <= high && high <= critical))
            throw Error(file, thresholds, $"thresholds must rise: medium ({medium}) <= high ({high}) <= critical ({critical})");
        var minimum = Required(doorway, "minimumDistinctTerms");
        if (minimum != Math.Floor(minimum)) throw Error(file, Value(doorway, "minimumDistinctTerms")!, "'minimumDistinctTerms' must be a whole number");
        var enforcement = Value(doorway, "enforcement") is { } e ? Mapping(e, "enforcement", file) : null;
        if (enforcement is not null) RejectUnknownKeys(enforcement, ["weight", "words"], file);
        return new DetectorSettings
        {
            Values = values,
            Doorway = new DoorwaySettings
            {
                EnforcementWeight = enforcement is null ? 0 : Fraction(enforcement, "weight", file),
                EnforcementWords = enforcement is null ? [] : StringList(enforcement, "words", file),
                Weights = weights,
                TitleTermsForFull = Required(saturation, "titleTerms"),
                DistinctTermsForFull = Required(saturation, "distinctTerms"),
                CategoriesForFull = Required(saturation, "categories"),
                MinimumDistinctTerms = (int)minimum,
                MediumScore = medium,
                HighScore = high,
                CriticalScore = critical,
                SourceFile = file,
            },
        };
    }

    /// <summary>The single settings of the detectors' sections (linkFarm.minLinks: 8…), each checked against its declaration.</summary>
    private static Dictionary<string, object> SettingValues(YamlMappingNode root, string file)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var section in DetectorSettingDeclarations.Sections)
        {
            if (Value(root, section) is not { } node) continue;
            var map = Mapping(node, section, file);
            var declared = DetectorSettingDeclarations.All.Where(s => s.Section == section).ToList();
            foreach (var (keyNode, valueNode) in map.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                var setting = declared.FirstOrDefault(s => s.Key == key)
                    ?? throw Error(file, keyNode, $"unknown setting '{section}.{key}' (the settings of '{section}' are: {string.Join(", ", declared.Select(s => s.Key))})");
                values[setting.Name] = setting.Read(valueNode, file);
            }
        }
        return values;
    }

    private static double Fraction(YamlMappingNode map, string key, string file)
    {
        var node = Value(map, key) ?? throw Error(file, map, $"missing required key '{key}'");
        var value = Number(node, $"'{key}'", file);
        return value <= 1 ? value : throw Error(file, node, $"'{key}' must be from 0 to 1");
    }

    private static YamlMappingNode Mapping(YamlNode node, string key, string file) =>
        node as YamlMappingNode ?? throw Error(file, node, $"'{key}' must be a mapping (key: value lines)");

    private static double Number(YamlNode node, string what, string file)
    {
        if (node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= 0 && double.IsFinite(value))
            return value;
        throw Error(file, node, $"{what} must be a number of 0 or more");
    }

    private static void RejectUnknownKeys(YamlMappingNode map, string[] known, string file)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name))
                throw Error(file, key, $"unknown key '{name}' (expected one of: {string.Join(", ", known)})");
        }
    }

    private static Severity? ParseSeverity(YamlMappingNode map, string key, string file)
    {
        var word = OptionalScalar(map, key, file);
        if (word is null) return null;
        if (SeverityNames.TryParse(word, out var severity)) return severity;
        throw Error(file, Value(map, key)!, $"unknown severity '{word}' (expected one of: {string.Join(", ", SeverityNames.AllWords)})");
    }

    private static YamlNode? Value(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string RequiredScalar(YamlMappingNode map, string key, string file) =>
        OptionalScalar(map, key, file) ?? throw Error(file, map, $"missing required key '{key}'");

    private static string? OptionalScalar(YamlMappingNode map, string key, string file)
    {
        var node = Value(map, key);
        if (node is null) return null;
        if (node is not YamlScalarNode scalar) throw Error(file, node, $"'{key}' must be a single value");
        return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
    }

    private static IReadOnlyList<string> StringList(YamlMappingNode map, string key, string file)
    {
        var node = Value(map, key);
        if (node is null) return [];
        if (node is not YamlSequenceNode sequence) throw Error(file, node, $"'{key}' must be a list");
        return sequence.Children.Select(child => child is YamlScalarNode { Value: { } v } && v.Trim().Length > 0
                ? v.Trim()
                : throw Error(file, child, $"each entry of '{key}' must be a non-empty string"))
            .ToArray();
    }

    internal static RuleFileException Error(string file, YamlNode node, string problem) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column, problem);

    /// <summary>YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (...): "; we print our own location.</summary>
    private static string StripMark(string message)
    {
        var at = message.IndexOf("): ", StringComparison.Ordinal);
        return at >= 0 && message.StartsWith('(') ? message[(at + 3)..] : message;
    }
}
