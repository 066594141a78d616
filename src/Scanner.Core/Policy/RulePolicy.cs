using Scanner.Core.Analyzers;
using Scanner.Core.Model;

namespace Scanner.Core.Policy;

/// <summary>
/// The user's say over rules: severity overrides and disabled rules. A pattern is a rule id (`keyword.porn`),
/// a family (`keyword.*`) or `*`. Applied after analysis, so analyzers stay pure functions of the page.
/// </summary>
public sealed record RulePolicy
{
    public static RulePolicy None { get; } = new();

    /// <summary>Rule pattern → severity; the most specific pattern wins (exact id, then the longest family).</summary>
    public IReadOnlyDictionary<string, Severity> SeverityOverrides { get; init; } = new Dictionary<string, Severity>();
    public IReadOnlyList<string> DisabledRules { get; init; } = [];

    public bool IsDisabled(string ruleId) => DisabledRules.Any(p => Matches(p, ruleId));

    public Severity? OverrideFor(string ruleId) =>
        SeverityOverrides.Where(o => Matches(o.Key, ruleId))
            .OrderByDescending(o => o.Key == ruleId ? int.MaxValue : o.Key.Length)
            .Select(o => (Severity?)o.Value)
            .FirstOrDefault();

    /// <summary>The findings that remain, with overridden severities and a reason saying so.</summary>
    public IReadOnlyList<Finding> Apply(IReadOnlyList<Finding> findings)
    {
        if (SeverityOverrides.Count == 0 && DisabledRules.Count == 0) return findings;
        var kept = new List<Finding>(findings.Count);
        foreach (var f in findings)
        {
            if (IsDisabled(f.RuleId)) continue;
            if (OverrideFor(f.RuleId) is { } severity && severity != f.Severity)
                kept.Add(f with
                {
                    Severity = severity,
                    Reasons = [.. f.Reasons, $"severity set to {severity.ToWord()} by configuration (the rule said {f.Severity.ToWord()})"],
                });
            else kept.Add(f);
        }
        return kept;
    }

    /// <summary>The rules as configured: disabled ones left out, default severities overridden.</summary>
    public IReadOnlyList<RuleDescriptor> Apply(IEnumerable<RuleDescriptor> rules) =>
        rules.Where(r => !IsDisabled(r.Id))
            .Select(r => OverrideFor(r.Id) is { } s
                ? r with { DefaultSeverity = s, Severities = [s], SeverityRule = $"{s.ToWord()}, set by configuration (the rule: {r.SeverityRule})" }
                : r)
            .ToList();

    public static bool IsValidPattern(string pattern) =>
        pattern == "*" || (pattern.Length > 0 && !pattern.TrimEnd('*').Contains('*') && (!pattern.EndsWith('*') || pattern.EndsWith(".*")));

    public static bool Matches(string pattern, string ruleId) =>
        pattern == "*"
        || string.Equals(pattern, ruleId, StringComparison.OrdinalIgnoreCase)
        || (pattern.EndsWith(".*") && ruleId.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase));
}
