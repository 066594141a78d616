using Scanner.Cli.CommandLine;
using Scanner.Core.Analyzers;
using Scanner.Core.Policy;

namespace Scanner.Cli.Scanning;

/// <summary>Rule ids of --severity, --disable-rule and scanner.yml's rules: keys that name no rule.</summary>
public static class UnknownRuleIds
{
    /// <summary>
    /// The patterns of the policy that name no rule these rules can report (a misspelled id would otherwise do nothing,
    /// in silence), each with its origin and the nearest rule id: `--disable-rule: no rule 'keyword.pron'; did you mean keyword.porn?`.
    /// </summary>
    public static IReadOnlyList<string> Of(RulePolicy policy, IReadOnlyDictionary<string, string> origins, IReadOnlyList<RuleDescriptor> catalogue)
    {
        var ids = catalogue.Select(r => r.Id).ToList();
        var families = ids.Where(id => id.Contains('.')).Select(id => id[..id.IndexOf('.')] + ".*").Distinct().ToList();
        var problems = new List<string>();
        foreach (var pattern in policy.SeverityOverrides.Keys.Concat(policy.DisabledRules).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (pattern == "*" || ids.Contains(pattern, StringComparer.OrdinalIgnoreCase) || families.Contains(pattern, StringComparer.OrdinalIgnoreCase)) continue;
            var isFamily = pattern.EndsWith(".*", StringComparison.Ordinal);
            var nearest = Nearest.To(pattern, isFamily ? families : ids);
            var origin = origins.TryGetValue(pattern, out var o) ? o : "rule policy";
            problems.Add($"{origin}: no rule {(isFamily ? "family " : "")}'{pattern}'" +
                         (nearest is null ? " (scanner rules list shows every rule id)" : $"; did you mean {nearest}?"));
        }
        return problems;
    }
}
