using Scanner.Core.Model;
using Scanner.Core.Policy;

namespace Scanner.Core.Evaluation;

/// <summary>
/// Scores a scan against labels: a page counts as flagged when any finding on it is at or above the gate. A spam page
/// flagged is caught; a clean page flagged is a false alarm. A labelled page the scan could not load is not caught
/// (spam) and not a false alarm (clean), and is listed with its error.
/// </summary>
public static class EvaluationScorer
{
    /// <param name="scanned">Scanned pages by labelled file (relative, '/' separators): how the load ended and the findings.</param>
    public static EvaluationResult Score(IReadOnlyList<PageLabel> labels, IReadOnlyDictionary<string, ScannedPage> scanned,
        Gate gate, string engine, int unlabelledPages = 0)
    {
        var outcomes = labels.Select(label =>
        {
            if (!scanned.TryGetValue(label.File, out var page))
                return new PageOutcome(label, false, null, [], "not scanned");
            var top = page.Findings.Count == 0 ? (Severity?)null : page.Findings.Max(f => f.Severity);
            var topRules = top is null ? [] : page.Findings.Where(f => f.Severity == top).Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal).ToArray();
            return new PageOutcome(label, page.Findings.Any(gate.Trips), top, topRules, page.Error);
        }).ToList();
        var techniques = outcomes.GroupBy(o => o.Label.Technique, StringComparer.Ordinal)
            .Select(g => Tally(g.Key, g))
            .OrderBy(t => t.SpamPages == 0 ? 1 : 0).ThenBy(t => t.Technique, StringComparer.Ordinal)
            .ToList();
        return new EvaluationResult(gate.Describe(), engine, outcomes, techniques, Tally("all", outcomes), unlabelledPages);
    }

    private static TechniqueScore Tally(string technique, IEnumerable<PageOutcome> outcomes)
    {
        var list = outcomes.ToList();
        return new TechniqueScore(technique,
            list.Count(o => o.Label.Spam), list.Count(o => o.Label.Spam && o.Flagged),
            list.Count(o => !o.Label.Spam), list.Count(o => !o.Label.Spam && o.Flagged));
    }
}

/// <summary>What the scan gave for one page: its load error (null when it loaded) and its findings.</summary>
public sealed record ScannedPage(string? Error, IReadOnlyList<Finding> Findings);
