using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a real scan reported, held against the rule catalogue (src/Scanner.Core/Analyzers/RuleCatalogue.cs): every
/// rule id is described there and every severity is one the catalogue says the rule can report. For scans with the
/// shipped rules and no severity overrides.
/// </summary>
public static class CatalogueCheck
{
    private static readonly Lazy<IReadOnlyDictionary<string, RuleDescriptor>> Shipped = new(() =>
        RuleCatalogue.For(RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] })).ToDictionary(r => r.Id));

    /// <returns>How many findings were checked, so a caller can insist the scan reported something.</returns>
    public static int AssertCatalogued(ScannerRun run, string scan)
    {
        var problems = new List<string>();
        foreach (var finding in run.Findings)
        {
            var id = finding.GetProperty("ruleId").GetString()!;
            var word = finding.GetProperty("severity").GetString()!;
            var where = $"{finding.GetProperty("url").GetString()} {finding.GetProperty("selector")}";
            if (!Shipped.Value.TryGetValue(id, out var rule)) problems.Add($"{id} ({where}) is not in the catalogue");
            else if (!SeverityNames.TryParse(word, out var severity) || !rule.Severities.Contains(severity))
                problems.Add($"{id} reported {word} ({where}); the catalogue says it can report {string.Join(", ", rule.Severities.Select(s => s.ToWord()))}");
        }
        Assert.True(problems.Count == 0, $"{scan}: findings the catalogue does not describe:\n  " + string.Join("\n  ", problems.Distinct()));
        return run.Findings.Length;
    }
}
