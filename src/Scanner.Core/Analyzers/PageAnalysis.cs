using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>Runs every analyzer over a snapshot and makes the page's fingerprints unique.</summary>
public sealed class PageAnalysis(IReadOnlyList<IPageAnalyzer> analyzers, RuleSet rules)
{
    public static IReadOnlyList<IPageAnalyzer> DefaultAnalyzers { get; } =
    [
        new KeywordAnalyzer(), new LinkPolicyAnalyzer(), new HiddenContentAnalyzer(), new LinkFarmAnalyzer(), new TitleHijackAnalyzer(),
        new ScriptInjectionAnalyzer(), new RedirectAnalyzer(), new OutsideDocumentAnalyzer(), new MassSpamSignatureAnalyzer(),
        new DoorwayPageAnalyzer(),
    ];

    public IReadOnlyList<IPageAnalyzer> Analyzers { get; } = analyzers;
    public RuleSet Rules { get; } = rules;

    public IEnumerable<RuleDescriptor> DescribeRules() => Analyzers.SelectMany(a => a.DescribeRules(Rules));

    public IReadOnlyList<Finding> Analyze(PageSnapshot page)
    {
        if (string.IsNullOrEmpty(page.ServedHtml) && page.TextBlocks.Count == 0) return [];
        var findings = Analyzers.SelectMany(a => a.Analyze(page, Rules)).ToList();
        // The same problem twice on one page (the same spam line in two places) keeps distinct, stable fingerprints.
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < findings.Count; i++)
        {
            var fp = findings[i].Fingerprint;
            var n = seen[fp] = seen.GetValueOrDefault(fp) + 1;
            if (n > 1) findings[i] = findings[i] with { Fingerprint = $"{fp}-{n}" };
        }
        return findings;
    }
}
