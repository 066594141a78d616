using System.CommandLine;
using Scanner.Cli.Configuration;
using Scanner.Core.Model;
using Scanner.Core.Policy;

namespace Scanner.Cli.Commands;

/// <summary>--severity RULE=SEVERITY and --disable-rule RULE (and rules.severity, rules.disabled in scanner.yml).</summary>
public static class PolicyOptions
{
    /// <exception cref="ArgumentException">Not RULE=SEVERITY.</exception>
    public static void CheckOverride(string value)
    {
        var parts = value.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !RulePolicy.IsValidPattern(parts[0]))
            throw new ArgumentException($"'{value}': expected RULE=SEVERITY, e.g. keyword.gambling=medium or link.*=low");
        if (!SeverityNames.TryParse(parts[1], out _))
            throw new ArgumentException($"'{value}': unknown severity '{parts[1]}' (use {string.Join(", ", SeverityNames.AllWords)})");
    }

    /// <exception cref="ArgumentException">Not a rule id, a family or *.</exception>
    public static void CheckPattern(string rule)
    {
        if (!RulePolicy.IsValidPattern(rule))
            throw new ArgumentException($"'{rule}': expected a rule id such as link.suspicious-tld, a family such as link.*, or *");
    }

    /// <summary>The file's overrides and disabled rules, then the command line's (a rule given in both: the command line
    /// wins); and where each rule pattern came from, for <see cref="Scanning.UnknownRuleIds"/>.</summary>
    public static (RulePolicy Policy, IReadOnlyDictionary<string, string> Origins) Policy(ScanInput input, Option<string[]> severity, Option<string[]> disabled)
    {
        var overrides = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
        var origins = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (value, origin) in input.Combined(severity))
        {
            var parts = value.Split('=', 2, StringSplitOptions.TrimEntries);
            overrides[parts[0]] = SeverityNames.TryParse(parts[1], out var s) ? s : throw new ArgumentException($"{origin}: unknown severity '{parts[1]}'");
            origins[parts[0]] = origin;
        }
        var disabledRules = new List<string>();
        foreach (var (rule, origin) in input.Combined(disabled))
        {
            disabledRules.Add(rule);
            origins[rule] = origin;
        }
        return (new RulePolicy { SeverityOverrides = overrides, DisabledRules = disabledRules }, origins);
    }
}
