using Scanner.Core.Model;

namespace Scanner.Core.Reports;

/// <summary>
/// Every finding on one element of one page — the same spam line often fires a keyword rule and a signature —
/// most severe first, so people read one entry per element with all its reasons. JSON and SARIF keep one result per rule.
/// </summary>
public sealed record ElementFindings(string Url, string? Selector, IReadOnlyList<Finding> Findings)
{
    public Finding Top => Findings[0];

    /// <summary>One entry per page and selector (a page-level finding, without selector, is an entry of its own),
    /// most severe first, then in the order the findings came.</summary>
    public static IReadOnlyList<ElementFindings> Group(IEnumerable<Finding> findings) =>
        findings.Select((f, i) => (Finding: f, Index: i))
            .GroupBy(x => (x.Finding.Url, Key: x.Finding.Selector is { } s ? "@" + s : "#" + x.Index))
            .Select(g => (First: g.Min(x => x.Index), Entry: new ElementFindings(g.Key.Url, g.First().Finding.Selector,
                g.Select(x => x.Finding).OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList())))
            .OrderByDescending(x => x.Entry.Top.Severity).ThenBy(x => x.First)
            .Select(x => x.Entry)
            .ToList();
}
